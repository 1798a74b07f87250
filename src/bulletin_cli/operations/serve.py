"""`bulletin serve FOLDER`: a local preview of a folder's HTML site, rendered on every request.

Nothing is cached: each request loads the file asked about (with its series, as `bulletin
validate` does) and renders it with the registered ``html`` exporter, so a saved edit shows
on the next reload. Every page also gets a small script that asks ``/_bulletin/changes``
once a second for a fingerprint of the folder's files (their names, sizes and modification
times) and reloads when it changes. An issue that does not validate is shown as its
diagnostics, each with file:line:col, instead of a stale page.

The server is the standard library's ``ThreadingHTTPServer``; rendering holds one lock, so
the plugin manager and the loader are never used by two threads at once.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

CHANGES_PATH = "/_bulletin/changes"
RELOAD_SCRIPT_RESOURCE = "assets/live-reload.js"


@dataclass(frozen=True)
class Page:
    status: int
    body: bytes
    media_type: str = "text/html; charset=utf-8"


class Preview:
    """What the server shows for ``folder``: issue pages, archive pages, the change fingerprint."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()

    # -- the folder --------------------------------------------------------------------

    def _files(self) -> list[Path]:
        from bulletin_cli.operations.walking import walk_issue_files

        return walk_issue_files(self.folder)

    def fingerprint(self) -> str:
        """Changes whenever a file (an issue, series.toml, a series template) is added, removed or saved."""
        from bulletin_cli.formats.html.templating import SERIES_FOLDER

        digest = hashlib.sha256()
        for path in [*self._files(), *sorted(self.folder.rglob(f"{SERIES_FOLDER}/*.j2"))]:
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()[:16]

    def _page_of(self, path: Path) -> str:
        return PurePosixPath(*path.relative_to(self.folder).parts).with_suffix(".html").as_posix()

    def _site_pages(self) -> dict[str, str]:
        from bulletin_cli.formats.toml.loader import SERIES_FILE

        return {str(p.resolve()): self._page_of(p) for p in self._files()
                if p.name != SERIES_FILE and p.suffix.lower() == ".toml"}

    # -- pages -------------------------------------------------------------------------

    def page(self, url_path: str) -> Page:
        if url_path == CHANGES_PATH:
            return Page(HTTPStatus.OK, self.fingerprint().encode("ascii"), "text/plain; charset=utf-8")
        relative = unquote(url_path).lstrip("/") or "index.html"
        if relative.endswith("/"):
            relative += "index.html"
        with self._lock:
            return self._render(relative)

    def _render(self, relative: str) -> Page:
        from bulletin_cli.formats.exporter import ExportError, ExportOptions
        from bulletin_cli.formats.html.templating import forget_series_templates
        from bulletin_cli.operations.export import resolve_exporter
        from bulletin_cli.operations.validate import NothingToValidate, validate_paths

        forget_series_templates()  # a template saved since the last request shows on this one
        pages = self._site_pages()
        by_page = {page: Path(source) for source, page in pages.items()}
        options = ExportOptions(site_pages=pages)
        try:
            exporter = resolve_exporter("html").exporter
        except ExportError as error:
            return self._message(HTTPStatus.INTERNAL_SERVER_ERROR, str(error))
        source = by_page.get(relative)
        try:
            result = validate_paths([source if source is not None else self.folder], jobs=1)
        except NothingToValidate as error:
            return self._message(HTTPStatus.NOT_FOUND, str(error))
        if result.failed():
            return self._diagnostics(result.diagnostics, len(result.checked))
        if source is not None:
            issue = next((i for p, i in result.issues.items() if p.resolve() == source), None)
            if issue is None:
                return self._message(HTTPStatus.NOT_FOUND, f"{relative}: {source.name} is not an issue file")
            html = exporter.render(issue, options)
        else:
            issues = sorted(result.issues.values(), key=lambda i: (i.date, i.supplement, i.number))
            html = _site_page(exporter, issues, options, relative)
            if html is None:
                return self._message(HTTPStatus.NOT_FOUND, f"no page {relative} in {self.folder}",
                                     "the archive lists every issue", link=True)
            if not relative.endswith(".html"):  # the feed, the sitemap: as they are
                data = html if isinstance(html, bytes) else html.encode("utf-8")
                return Page(HTTPStatus.OK, data, "application/xml; charset=utf-8")
        return Page(HTTPStatus.OK, self._with_reload(html).encode("utf-8"))

    def _with_reload(self, html: str) -> str:
        script = resources.files("bulletin_cli.formats.html").joinpath(RELOAD_SCRIPT_RESOURCE).read_text("utf-8")
        tag = (f'<script data-changes="{CHANGES_PATH}" data-fingerprint="{self.fingerprint()}">\n'
               f"{script}</script>\n")
        head, found, tail = html.rpartition("</body>")
        return head + tag + found + tail if found else html + tag

    def _diagnostics(self, diagnostics, checked: int) -> Page:
        from bulletin_cli.diagnostics import report

        shown = [d for d in diagnostics if str(d.severity) == "error"] or diagnostics
        return self._message(HTTPStatus.UNPROCESSABLE_ENTITY, report.summary(diagnostics, checked),
                             report.format_text(shown), title="bulletin: this issue does not validate")

    def _message(self, status: int, message: str, detail: str = "", *, link: bool = False,
                 title: str = "bulletin serve") -> Page:
        from bulletin_cli.formats.html.parts import esc, page

        body = [f'<header>\n<h1 class="archive-title">{esc(title)}</h1>\n</header>',
                f'<main class="serve-message">\n<p class="serve-summary">{esc(message)}</p>']
        if detail:
            body.append(f'<pre class="serve-diagnostics">{esc(detail)}</pre>')
        if link:
            body.append('<p><a href="/index.html">index.html</a></p>')
        body.append("</main>")
        return Page(status, self._with_reload(page(title, "en", "\n".join(body))).encode("utf-8"))


def make_server(folder: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server for ``folder`` (not yet serving); OSError when the address cannot be bound."""
    preview = Preview(folder)

    class Handler(BaseHTTPRequestHandler):
        server_version = "bulletin-serve"

        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            page = preview.page(urlsplit(self.path).path)
            self.send_response(page.status)
            self.send_header("Content-Type", page.media_type)
            self.send_header("Content-Length", str(len(page.body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(page.body)

        def log_message(self, format: str, *args) -> None:  # quiet: the page says what went wrong
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


def _site_page(exporter, issues, options, relative: str):
    """The archive page ``relative`` whole, made as the export makes it (None: no such page);
    the pages after it are not made."""
    if exporter.render_site is None:
        return None
    from bulletin_cli.formats.exporter import joined

    pages = exporter.render_site(issues, options) or {}
    for path, content in pages.items() if isinstance(pages, dict) else pages:
        if path == relative:
            return joined(content)
    return None


__all__ = ["Preview", "make_server", "CHANGES_PATH"]
