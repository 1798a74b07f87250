"""What an exporter plugin registers, and the options every exporter receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence, Union

if TYPE_CHECKING:
    from bulletin_cli.diagnostics.codes import Diagnostic
    from bulletin_cli.model.issue import Issue

Output = Union[str, bytes]
# A file an issue's page refers to (an image, an attachment): its POSIX path relative to the
# site folder, and its content or the file to copy.
SiteFile = tuple[str, Union[bytes, Path]]
# What render_site may give for one file: its content whole, or text in pieces (any iterable of
# str, such as a generator or Jinja2's Template.generate), written as they come.
Content = Union[str, bytes, Iterable[str]]


def joined(content: Content) -> Output:
    """``content`` whole: pieces of text joined, str and bytes as they are."""
    return content if isinstance(content, (str, bytes)) else "".join(content)


@dataclass(frozen=True)
class ExportOptions:
    """Options from `bulletin export`; exporters ignore what does not concern them."""

    width: int | None = None  # text: display columns per line; 0 = do not wrap
    encoding: str = "utf-8"  # text outputs are encoded with this
    newline: str = "\n"  # text outputs: "\n" or "\r\n"
    source_date_epoch: int | None = None  # fixed timestamp for reproducible archives
    extra: Mapping[str, str] = field(default_factory=dict)  # -O key=value, for plugin-specific options
    # Set when the issues are exported as a site (a folder to a directory): each issue's
    # resolved source path -> its page's POSIX path relative to the site folder, so pages and
    # render_site extras can link to one another with relative links.
    site_pages: Mapping[str, str] | None = None
    # With site_pages: each issue's resolved source path -> the pages (site-relative) of the
    # issues before and after it in its series, in publication order (None at either end).
    site_neighbours: Mapping[str, tuple[str | None, str | None]] | None = None


@dataclass(frozen=True)
class Exporter:
    """One output format.

    ``render`` turns one issue into the file's content: ``str`` for text formats (the
    export command encodes it and applies the newline option), ``bytes`` for binary ones.
    ``render_collection`` (optional) turns several issues into one file, such as a yearly
    EPUB. ``render_site`` (optional) returns extra files, by relative path, written beside
    the per-issue files when a folder is exported to a directory, such as index pages: a dict,
    or an iterator of (path, content) pairs that the export writes as they come; a content may
    be text in pieces (``Content``), so that a page listing every issue is never held whole.
    ``options`` declares the ``-O key=value`` keys the format takes (key -> what it does):
    any other key is a usage error naming these. None (the default, for plugins written
    before keys were declared) takes any key.
    ``render_files`` (optional) returns the files one issue's page refers to, such as its
    images and attachments, by path relative to the site folder; it is called only for an
    issue exported as part of a site (``options.site_pages`` set), with the options ``render``
    got. Several issues may return the same path: it must then hold the same content
    (content-hashed names do that).
    """

    name: str
    extension: str
    render: Callable[["Issue", ExportOptions], Output]
    description: str = ""
    binary: bool = False
    media_type: str = "text/plain"
    render_collection: Callable[[Sequence["Issue"], ExportOptions], Output] | None = None
    render_site: Callable[[Sequence["Issue"], ExportOptions],
                          "dict[str, Content] | Iterable[tuple[str, Content]]"] | None = None
    render_files: Callable[["Issue", ExportOptions], Sequence[SiteFile]] | None = None
    options: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        if not self.name or not self.name.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"exporter name {self.name!r} must be a short word such as 'html'")
        if not self.extension.startswith("."):
            raise ValueError(f"exporter extension {self.extension!r} must start with a dot, e.g. '.html'")


class ExportError(Exception):
    """A problem the user has to fix; ``exit_code`` 2 for usage and I/O, 1 for bad issues or exporters."""

    def __init__(self, message: str, exit_code: int = 2, diagnostics: Sequence["Diagnostic"] = ()):
        super().__init__(message)
        self.exit_code = exit_code
        self.diagnostics = list(diagnostics)
        self.checked = 0  # files validated, when diagnostics are given


class OptionError(ExportError, ValueError):
    """An option the exporter cannot honour, such as a text width too narrow to lay out: a usage
    error (exit status 2). Exporters raise it from ``render``; it names the option and what works."""

    def __init__(self, message: str):
        super().__init__(message, exit_code=2)


def check_option_keys(exporter: Exporter, extra: Mapping[str, str]) -> None:
    """OptionError (exit status 2) for a -O key the exporter does not declare, listing those it takes."""
    if exporter.options is None:
        return
    unknown = sorted(key for key in extra if key not in exporter.options)
    if not unknown:
        return
    keys = ", ".join(f"-O {key}=… ({what})" for key, what in sorted(exporter.options.items()))
    takes = f"it takes {keys}" if keys else "it takes no -O keys"
    raise OptionError(f"-O {', '.join(unknown)}: the {exporter.name} format has no such option; {takes}")


def encode_output(content: Output, exporter: Exporter, options: ExportOptions) -> bytes:
    """Text output encoded with the options' encoding and line ends; bytes pass through."""
    if isinstance(content, bytes):
        return content
    if options.newline != "\n":
        content = content.replace("\r\n", "\n").replace("\n", options.newline)
    return content.encode(options.encoding)
