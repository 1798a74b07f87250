"""Running the real command, reading the package's XML, and LibreOffice (skipped when missing)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from bulletin_cli.testing import EXAMPLES

SEED = EXAMPLES / "xuanchuan-zhuanbao" / "2023-06.toml"
NEWSLETTER = EXAMPLES / "newsletter" / "2024-03.toml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def bulletin(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "BULLETIN_LOAD_PLUGINS"}
    return subprocess.run([sys.executable, "-m", "bulletin_cli", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, env=env)


def export(issue: Path | list[Path], out: Path, *options: str) -> Path:
    issues = issue if isinstance(issue, list) else [issue]
    run = bulletin("export", *issues, "--to", "docx", "-o", out, *options)
    assert run.returncode == 0, run.stderr
    return out


def part(docx: Path, name: str):
    with zipfile.ZipFile(docx) as package:
        return etree.fromstring(package.read(name))


def parts(docx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as package:
        return {name: package.read(name) for name in package.namelist()}


def need(what: str, found: object) -> None:
    if not found:
        if os.environ.get("BULLETIN_REQUIRE_CHECKERS"):
            pytest.fail(f"{what} is required in CI but missing (run .ci/install-checkers)")
        pytest.skip(f"{what} not installed (run .ci/install-checkers)")


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    need("LibreOffice (soffice)", path)
    return path  # type: ignore[return-value]


def to_pdf(docx: Path) -> Path:
    """LibreOffice's layout of the file, as PDF, with a private profile (parallel runs do not clash)."""
    profile = docx.parent / ".lo-profile"
    run = subprocess.run([soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
                         capture_output=True, text=True, timeout=180)
    pdf = docx.with_suffix(".pdf")
    assert run.returncode == 0 and pdf.is_file(), run.stdout + run.stderr
    return pdf


def pdfplumber():
    try:
        import pdfplumber as module
    except ImportError:
        module = None
    need("pdfplumber (pip install -e 'plugins/bulletin-docx[test]')", module)
    return module
