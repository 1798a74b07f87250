"""Create the project's virtual environment (.venv) and install into it; shared by demo.py and test.py."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

if sys.version_info < (3, 11):
    sys.exit("bulletin-cli needs Python 3.11 or newer")


def ensure(*requirements: str) -> Path:
    """The venv's Python, after installing ``requirements`` (pip arguments) into it."""
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check", *requirements],
                   check=True, cwd=ROOT)
    return PYTHON


def plugin_packages(with_tests: bool = False) -> list[str]:
    """pip arguments installing every package in plugins/ in editable mode (with its ``test``
    extra, when it has one and ``with_tests`` is set: the PDF and DOCX plugins measure their
    output with pdfplumber)."""
    import tomllib

    arguments = []
    for project in sorted((ROOT / "plugins").glob("*/pyproject.toml")):
        extras = tomllib.loads(project.read_text(encoding="utf-8")).get("project", {}).get("optional-dependencies", {})
        target = str(project.parent) + ("[test]" if with_tests and "test" in extras else "")
        arguments += ["-e", target]
    return arguments


def run(*args: str) -> None:
    print("$", " ".join(args), flush=True)
    subprocess.run(list(args), check=True, cwd=ROOT)
