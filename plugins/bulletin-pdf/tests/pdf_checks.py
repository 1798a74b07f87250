"""Shared set-up for bulletin-pdf's tests: the engine, the checkers, and the seed's PDF.

Not a conftest.py: the core's tests import names from their own conftest module, and a
second module of that name would stand in for it. Test modules import these fixtures.

pdfplumber and poppler (pdffonts, pdftotext) are checkers nobody here wrote. When one is
missing the tests that need it skip, except in CI (BULLETIN_REQUIRE_CHECKERS=1), where
they fail. `.ci/install-checkers` installs pdfplumber into the checkers' own environment
and prints BULLETIN_PDF_CHECKERS_SITE, which is added at the end of sys.path here.
"""

from __future__ import annotations

import collections
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bulletin_cli.testing import EXAMPLES

SEED = EXAMPLES / "xuanchuan-zhuanbao" / "2023-06.toml"
NEWSLETTER = EXAMPLES / "newsletter" / "2024-03.toml"
MM = 72 / 25.4
# The type area per GB/T 9704 5.2.1, in mm from the page's top-left corner.
LEFT, TOP, WIDTH, HEIGHT = 28.0, 37.0, 156.0, 225.0
RIGHT, BOTTOM = LEFT + WIDTH, TOP + HEIGHT
BODY_SIZE = 15.75

if os.environ.get("BULLETIN_PDF_CHECKERS_SITE") and importlib.util.find_spec("pdfplumber") is None:
    sys.path.append(os.environ["BULLETIN_PDF_CHECKERS_SITE"])


def need(what: str, found: object) -> None:
    if not found:
        if os.environ.get("BULLETIN_REQUIRE_CHECKERS"):
            pytest.fail(f"{what} is required in CI (BULLETIN_REQUIRE_CHECKERS=1); run .ci/install-checkers")
        pytest.skip(f"{what} not installed")


def bulletin(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "BULLETIN_LOAD_PLUGINS"}
    return subprocess.run([sys.executable, "-m", "bulletin_cli", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, env=env)


@pytest.fixture(scope="session")
def engine():
    need("typst (the PDF engine)", importlib.util.find_spec("typst"))
    from bulletin_pdf import fonts

    # The free CJK faces (fonts-noto-cjk, fonts-arphic-ukai): without them there is nothing to measure.
    need("Noto CJK fonts", fonts.find_face("Noto Serif CJK SC") and fonts.find_face("Noto Sans CJK SC"))


@pytest.fixture(scope="session")
def pdfplumber(engine):
    need("pdfplumber", importlib.util.find_spec("pdfplumber"))
    import pdfplumber as module

    return module


@pytest.fixture(scope="session")
def poppler(engine):
    need("poppler (pdffonts, pdftotext)", shutil.which("pdffonts") and shutil.which("pdftotext"))


def export_pdf(source: Path, out: Path, *options: str) -> Path:
    run = bulletin("export", source, "--to", "pdf", "-o", out, *options)
    assert run.returncode == 0, run.stderr
    assert out.is_file()
    return out


@pytest.fixture(scope="session")
def seed_pdf(engine, tmp_path_factory) -> Path:
    return export_pdf(SEED, tmp_path_factory.mktemp("seed") / "seed.pdf")


@pytest.fixture(scope="session")
def seed_pages(seed_pdf, pdfplumber):
    with pdfplumber.open(seed_pdf) as pdf:
        return [Page(page) for page in pdf.pages]


class Page:
    """What the tests measure on one page, in mm: its characters by line, its rules."""

    def __init__(self, page):
        self.number = page.page_number
        self.width, self.height = page.width / MM, page.height / MM
        self.chars = [dict(c, x0=c["x0"] / MM, x1=c["x1"] / MM, top=c["top"] / MM, bottom=c["bottom"] / MM)
                      for c in page.chars if c["text"].strip()]
        self.rules = [dict(line, x0=line["x0"] / MM, x1=line["x1"] / MM, top=line["top"] / MM,
                           width=line["linewidth"] / MM) for line in page.lines]
        self.rects = [dict(r, x0=r["x0"] / MM, x1=r["x1"] / MM, top=r["top"] / MM, bottom=r["bottom"] / MM)
                      for r in page.rects]

    @property
    def in_type_area(self):
        return [c for c in self.chars if c["top"] < BOTTOM]

    @property
    def footer(self):
        return [c for c in self.chars if c["top"] >= BOTTOM]

    def lines(self, chars=None) -> list[list[dict]]:
        """Characters grouped into printed lines (same baseline), top to bottom, left to right."""
        by_top = collections.defaultdict(list)
        for char in chars if chars is not None else self.in_type_area:
            by_top[round(char["bottom"], 0)].append(char)
        return [sorted(by_top[key], key=lambda c: c["x0"]) for key in sorted(by_top)]

    def body_lines(self):
        return [line for line in self.lines() if all(abs(c["size"] - BODY_SIZE) < 0.05 for c in line)]


def text_of(line) -> str:
    return "".join(c["text"] for c in line)


# CJK punctuation whose glyph fills one half of its em: the blank half may hang past the
# type area's edge (Typst trims it at a line's start or end), the ink never does.
OPENING = set("“‘（《〔【「『")
CLOSING = set("”’）》〕】」』，。、；：？！")


def ink_x0(char) -> float:
    return char["x0"] + (char["size"] / MM / 2 if char["text"] in OPENING else 0)


def ink_x1(char) -> float:
    return char["x1"] - (char["size"] / MM / 2 if char["text"] in CLOSING else 0)


def hangs(line) -> bool:
    """The line ends in a closing mark hung past the type area's right edge (允许标点溢出边界)."""
    return len(line) > 1 and line[-1]["text"] in CLOSING and ink_x1(line[-1]) > RIGHT + 0.3


COLOPHON_SIZE = 14.0


def colophon_only(page) -> bool:
    """The page holds the 版记 and nothing else (its 14 pt lines between 0.35 mm rules)."""
    return bool(page.in_type_area) and all(abs(c["size"] - COLOPHON_SIZE) < 0.1 for c in page.in_type_area) \
        and any(abs(rule["width"] - 0.35) < 0.01 for rule in page.rules)
