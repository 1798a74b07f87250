"""The `bulletin` command: a thin layer, one module per command, over the library API."""

from __future__ import annotations

import os
import sys

from bulletin_cli.cli.app import app

# Each module registers its command on import; one line each, in the order `--help` lists them.
from bulletin_cli.cli import validate  # noqa: F401,E402,I001
from bulletin_cli.cli import schema  # noqa: F401,E402
from bulletin_cli.cli import export  # noqa: F401,E402
from bulletin_cli.cli import number  # noqa: F401,E402
from bulletin_cli.cli import formats  # noqa: F401,E402
from bulletin_cli.cli import plugins  # noqa: F401,E402
from bulletin_cli.cli import toc  # noqa: F401,E402
from bulletin_cli.cli import new  # noqa: F401,E402
from bulletin_cli.cli import import_  # noqa: F401,E402
from bulletin_cli.cli import serve  # noqa: F401,E402
from bulletin_cli.cli import fonts  # noqa: F401,E402

from bulletin_cli.cli.app import reflow_help  # noqa: E402

reflow_help(app)  # after every command is registered

__all__ = ["app", "main"]


def _report_plugin_errors() -> None:
    plugins = sys.modules.get("bulletin_cli.plugins")
    if plugins is None or plugins._state.errors_shown:  # nothing loaded, or the command listed them
        return
    for error in plugins._state.errors:
        print(f"warning: {error}", file=sys.stderr)


def main() -> None:
    from bulletin_cli.operations.workers import exit_on_sigterm

    exit_on_sigterm()  # SIGTERM unwinds like Ctrl-C: temporary files are removed on the way out
    try:
        app()
    except SystemExit:
        _report_plugin_errors()
        raise
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        raise SystemExit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence: never show a traceback
        if os.environ.get("BULLETIN_DEBUG"):
            raise
        print(f"error: internal error: {type(error).__name__}: {error}\n"
              "    please report it; set BULLETIN_DEBUG=1 to see the traceback", file=sys.stderr)
        raise SystemExit(2)
