"""`bulletin serve FOLDER [--port N] [--host 127.0.0.1]`"""

from __future__ import annotations

import errno
from pathlib import Path

import typer

from bulletin_cli.cli.app import app, fail


@app.command()
def serve(
    folder: Path = typer.Argument(..., help="A series folder or a folder of series.", show_default=False),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, help="TCP port (0: any free port)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; keep 127.0.0.1 unless others "
                             "on the network should see the preview."),
) -> None:
    """Preview a folder's HTML site, rendered from the current files on every request.

    A saved edit shows on the next reload (open pages reload on their own); an issue that does not
    validate is shown as its errors with file:line:col. Ctrl-C stops the server (exit status 0).
    """
    from bulletin_cli.operations.serve import make_server

    if not folder.is_dir():
        raise fail(f"{folder}: not a folder; give the folder holding series.toml or several series")
    try:
        server = make_server(folder, host, port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise fail(f"port {port} on {host} is already in use; stop what uses it or choose another with --port")
        raise fail(f"cannot listen on {host}:{port}: {error.strerror or error}")
    bound_host, bound_port = server.server_address[:2]
    typer.echo(f"Serving {folder} at http://{bound_host}:{bound_port}/ (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
    finally:
        server.server_close()
