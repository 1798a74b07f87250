"""Names the XML modules share: the namespace, the schema files, the export error.

A module of its own, so that the plugin, the reader, the writer and the schema helpers all
import it and never one another in a circle.
"""

from __future__ import annotations

from pathlib import Path

from bulletin_cli.formats.exporter import ExportError

NAMESPACE = "urn:bulletin-cli:bulletin:1"
SCHEMA_DIR = Path(__file__).resolve().parent
SCHEMA_FILES = {name: SCHEMA_DIR / f"bulletin.{name}" for name in ("rnc", "rng", "xsd")}


class XmlExportError(ExportError, ValueError):
    """The issue cannot be written as valid XML (a character XML cannot hold, say); nothing is written."""

    def __init__(self, message: str) -> None:
        super().__init__(message, 1)
