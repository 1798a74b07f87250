"""HTML and EPUB pages from Jinja2 templates, which a series may override.

The shipped templates sit in ``formats/html/templates/`` (``*.html.j2``) and
``formats/epub/templates/`` (``*.xhtml.j2``). A series overrides any of them by name with a
file in a ``templates/`` folder beside its ``series.toml``: that folder is searched first
(Jinja2's ChoiceLoader), so an office gets its own look without writing a plugin. Every
template is rendered with autoescape on, so text from issue files is escaped wherever a
template puts it; the one URL function, :func:`.urls.safe_href`, is the ``href`` filter, and
every ``href``/``src`` attribute of a shipped template goes through it (a test holds them to it).

What each template receives is listed in docs/plugins.md ("Page templates").

Jinja2 is imported on the first render, never by ``bulletin --version`` or ``validate`` of a
series without a ``templates/`` folder. A fragment's trailing line breaks are dropped: the
code that puts fragments together puts each on its own line.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from markupsafe import Markup  # small (C); jinja2 itself is imported on the first render

from bulletin_cli.formats.exporter import ExportError
from bulletin_cli.formats.html.urls import safe_href

if TYPE_CHECKING:
    import jinja2

SERIES_FOLDER = "templates"  # beside series.toml
SHIPPED_PACKAGES = ("bulletin_cli.formats.html", "bulletin_cli.formats.epub")
TEMPLATE_SUFFIXES = (".html.j2", ".xhtml.j2")


class TemplateProblem(ExportError):
    """A series template that cannot be used: its file, line (1-based, 0 when unknown) and a hint.

    An ExportError, so an export reports it as the series' problem (exit 1), not as a crash."""

    def __init__(self, path: Path | str, line: int, message: str, hint: str = "") -> None:
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}" + (f"\n  hint: {hint}" if hint else ""), 1)
        self.path, self.line, self.message, self.hint = Path(path), line, message, hint


def shipped_folders() -> list[Path]:
    return [Path(str(resources.files(package).joinpath("templates"))) for package in SHIPPED_PACKAGES]


@lru_cache(maxsize=1)
def shipped_names() -> tuple[str, ...]:
    """The names of every shipped template (``masthead.html.j2``, ...), sorted."""
    return tuple(sorted(p.name for folder in shipped_folders() for p in folder.iterdir()
                        if p.name.endswith(TEMPLATE_SUFFIXES)))


@lru_cache(maxsize=256)
def series_folder(series_path: Path | None) -> Path | None:
    """The ``templates/`` folder beside ``series.toml``, or None when the series has none."""
    if series_path is None:
        return None
    folder = series_path.parent / SERIES_FOLDER
    return folder if folder.is_dir() else None


def _href(target: Any = "", fragment: Any = "") -> Any:
    """The ``href`` filter: ``{{ page|href }}``, ``{{ page|href(article.id) }}``."""
    # safe_href percent-encodes everything but RFC 3986's unreserved characters and the
    # sub-delimiters, none of which ends a double-quoted attribute: nothing left to escape.
    return Markup(safe_href(str(target), str(fragment)))


def _words(text: Any) -> Any:
    """The ``words`` filter: ``{{ article.title|words }}`` breaks only between words
    (:func:`.wholewords.keep_words`, GB/T 9704 7.3.1)."""
    from bulletin_cli.formats.html.wholewords import keep_words

    return Markup(keep_words(str(text)))


@lru_cache(maxsize=64)
def environment(folder: Path | None = None) -> "jinja2.Environment":
    """The template environment: ``folder`` (a series' templates/) first, then the shipped ones."""
    import jinja2

    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(folder))] if folder is not None else []
    loaders += [jinja2.FileSystemLoader(str(f)) for f in shipped_folders()]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders), autoescape=True, trim_blocks=True, lstrip_blocks=True,
        auto_reload=False, undefined=jinja2.StrictUndefined,
    )
    env.filters["href"] = _href
    env.filters["words"] = _words
    return env


def markup(text: str) -> Any:
    """``text`` (HTML this package made) as safe for a template, so it is not escaped again."""
    return Markup(text)


@lru_cache(maxsize=512)
def _template(folder: Path | None, name: str) -> "jinja2.Template":
    """The compiled template, looked up once (Jinja2's own lookup costs more than a render of
    a small template, and a page renders a dozen)."""
    return environment(folder).get_template(name)


def render(name: str, series_path: Path | None = None, /, **context: Any) -> str:
    """Template ``name`` rendered with ``context``, trailing line breaks dropped.

    ``series_path`` (an issue's ``series.toml``) picks the series' overrides. A series template
    that fails (a syntax error, an undefined name) raises :class:`TemplateProblem`.
    """
    folder = series_folder(series_path)
    if folder is None:
        return _template(None, name).render(context).rstrip("\n")
    try:
        return _template(folder, name).render(context).rstrip("\n")
    except Exception as error:  # noqa: BLE001 - any failure of a series' own template is the series'
        raise _problem(error, folder) from None


def render_pieces(name: str, series_path: Path | None = None, /, **context: Any) -> Iterator[str]:
    """What :func:`render` gives, in the pieces the template makes them (``Template.generate``):
    a page that lists every issue of an archive is written as it is made, never held whole (as
    one string, ten thousand issues' index is tens of megabytes of small pieces first)."""
    folder = series_folder(series_path)
    try:
        yield from without_trailing_breaks(_template(folder, name).generate(context))
    except Exception as error:  # noqa: BLE001 - any failure of a series' own template is the series'
        if folder is None:
            raise
        raise _problem(error, folder) from None


def without_trailing_breaks(pieces: Iterable[str]) -> Iterator[str]:
    """``pieces`` with the line breaks that end the whole dropped, as ``"".join(pieces).rstrip("\n")``."""
    held = ""  # the last piece with text, and the line breaks seen after it
    for piece in pieces:
        if piece.strip("\n"):
            if held:
                yield held
            held = piece
        else:
            held += piece
    held = held.rstrip("\n")
    if held:
        yield held


def _problem(error: Exception, folder: Path) -> Exception:
    """Where in the series' templates ``error`` happened, as a TemplateProblem (else ``error``)."""
    import traceback

    import jinja2

    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return TemplateProblem(error.filename, error.lineno or 0, f"template syntax error: {error.message}",
                               "see the Jinja2 template syntax; docs/cli/html.md lists the templates")
    if isinstance(error, jinja2.TemplateNotFound):
        return TemplateProblem(folder, 0, f"no template named '{error.name}'",
                               "a series template may include or extend: " + ", ".join(shipped_names()))
    resolved = str(folder.resolve())
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename and str(Path(frame.filename).resolve()).startswith(resolved):
            return TemplateProblem(frame.filename, frame.lineno or 0, f"template error: {error}",
                                   "docs/plugins.md lists what each template receives")
    return error


def forget_series_templates() -> None:
    """Drop every compiled template and looked-up folder, so edited series templates are read
    again (``bulletin serve`` does this on every request; an export reads them once)."""
    series_folder.cache_clear()
    environment.cache_clear()
    _template.cache_clear()


__all__ = ["SERIES_FOLDER", "forget_series_templates", "TemplateProblem", "environment", "markup", "render", "render_pieces", "series_folder", "shipped_names"]
