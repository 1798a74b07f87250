"""bulletin-cli: periodic bulletins (简报 / 信息专报, newsletters) from TOML.

The library API lives in :mod:`bulletin_cli.api`. Plugin authors import ``hookimpl``,
``Exporter``, ``ExportOptions`` and ``Rule`` from here; they load on first use, so that
``bulletin --version`` and plugin imports stay cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "hookimpl": ("bulletin_cli.hookspecs", "hookimpl"),
    "Exporter": ("bulletin_cli.formats.exporter", "Exporter"),
    "ExportOptions": ("bulletin_cli.formats.exporter", "ExportOptions"),
    "Rule": ("bulletin_cli.checks.rules", "Rule"),
    "Severity": ("bulletin_cli.diagnostics.codes", "Severity"),
    "Issue": ("bulletin_cli.model.issue", "Issue"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'bulletin_cli' has no attribute {name!r}")
