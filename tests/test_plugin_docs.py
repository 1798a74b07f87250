"""docs/plugins.md stays true: every hook and field is documented, and its example plugins work."""

from __future__ import annotations

import dataclasses
import re
import shutil

from conftest import ROOT, SEED_SERIES
from plugin_helpers import install_plugin, plugin_env

GUIDE = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")


def _code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE, re.S)


def test_every_hook_is_documented_with_its_signature():
    from bulletin_cli import hookspecs, plugins

    names = [name for name in dir(plugins.pm.hook) if not name.startswith("_")]
    assert names == ["register_exporters", "register_rules"]
    for name in names:
        argnames = getattr(plugins.pm.hook, name).spec.argnames
        assert f"### `{name}({', '.join(argnames)})`" in GUIDE
        assert re.search(rf"def {name}\({', '.join(argnames)}: ", GUIDE)
        assert getattr(hookspecs, name).__doc__


def test_every_field_plugins_see_is_documented():
    from bulletin_cli import Exporter, ExportOptions, Rule

    for cls in (Exporter, ExportOptions, Rule):
        for item in dataclasses.fields(cls):
            assert f"| `{item.name}` |" in GUIDE, f"{cls.__name__}.{item.name} is missing from docs/plugins.md"


def test_the_guide_examples_work(cli, tmp_path):
    exporter_source = next(block for block in _code_blocks("python") if "register(Exporter(" in block)
    rule_source = next(block for block in _code_blocks("python") if "register(Rule(" in block)
    site = tmp_path / "site-packages"
    install_plugin(site, "bulletin-titles", "bulletin_titles", exporter_source, entry_point="titles")
    install_plugin(site, "bulletin-banned", "bulletin_banned", rule_source, entry_point="banned")
    env = plugin_env(site)

    series = tmp_path / "series"
    shutil.copytree(SEED_SERIES, series)
    issue = series / "2023-06.toml"
    issue.write_text(issue.read_text(encoding="utf-8").replace("会议指出", "会议指出抓手", 1), encoding="utf-8")

    export = cli(["export", issue, "--to", "titles", "-o", "-"], env=env)
    assert export.exit_code == 0, export.stderr
    assert export.stdout.splitlines()[:5] == ["宣传信息专报", "第6期", "2023年8月14日", "", "〔工作动态〕"]

    validate = cli(["validate", issue], env=env)
    assert validate.exit_code == 0  # a warning
    assert re.search(r"2023-06\.toml:\d+:\d+: warning X901 '抓手' is on the office's banned-word list", validate.stdout)
    assert "hint: write '措施'" in validate.stdout

    (series / "series.toml").write_text((series / "series.toml").read_text(encoding="utf-8")
                                        + '\n[rules]\nbanned-words = "off"\n', encoding="utf-8")
    assert "X901" not in cli(["validate", issue], env=env).stdout
