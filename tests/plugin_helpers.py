"""Install throwaway plugin packages for subprocess runs of `bulletin`.

Each plugin is a real installed distribution as importlib.metadata sees one: a module
beside a ``<name>-<version>.dist-info`` folder with METADATA and an entry_points.txt in
the ``bulletin`` group, in a folder put on PYTHONPATH.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path


def install_plugin(site: Path, package: str, module: str, source: str, *, entry_point: str | None = None,
                   version: str = "1.0") -> None:
    """Write ``module``.py (the dedented ``source``) and the dist-info of ``package`` into ``site``."""
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{package.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: {version}\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[bulletin]\n{entry_point or module} = {module}\n", encoding="utf-8")


def plugin_env(site: Path, **extra: str) -> dict[str, str]:
    """Environment for the `cli` fixture that sees the plugins installed in ``site``."""
    paths = [str(site), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {"PYTHONPATH": os.pathsep.join(paths), **extra}


# An exporter that writes the masthead name, the options it received and every title: enough
# to check what the export command passes and writes, before any real text exporter exists.
TITLES_PLUGIN = '''
    from bulletin_cli import Exporter, hookimpl


    def render(issue, options):
        lines = [issue.name, f"width={options.width} epoch={options.source_date_epoch} extra={dict(options.extra)}"]
        lines += [article.title for article in issue.articles]
        return "\\n".join(lines) + "\\n"


    def render_collection(issues, options):
        return "".join(render(issue, options) for issue in issues)


    def render_site(issues, options):
        return {"index.titles": "\\n".join(str(issue.date) for issue in issues) + "\\n"}


    @hookimpl
    def register_exporters(register):
        register(Exporter("titles", ".titles", render, description="Article titles, one a line",
                          render_collection=render_collection, render_site=render_site))
        register(Exporter("titlesbin", ".bin", lambda issue, options: issue.name.encode("utf-8") + b"\\0",
                          description="Binary test format", binary=True, media_type="application/octet-stream"))
'''


def install_titles_plugin(site: Path) -> None:
    install_plugin(site, "bulletin-titles", "bulletin_titles", TITLES_PLUGIN)
