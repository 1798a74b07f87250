"""The README's set-up command for the main job (scripts/demo.py) runs end to end on a copy of
the checkout, installing into a fresh .venv as a new user would. It needs the package
registry for that install, so it runs in CI (CI=true) and where BULLETIN_TEST_DEMO=1."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.skipif(not (os.environ.get("CI") or os.environ.get("BULLETIN_TEST_DEMO")),
                    reason="installs a fresh environment from the package registry; set BULLETIN_TEST_DEMO=1")
def test_demo_validates_and_exports_the_seed_to_every_format(tmp_path):
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT, checkout, ignore=shutil.ignore_patterns(".venv", ".git", "out", "__pycache__",
                                                                 "*.egg-info", ".pytest_cache", ".hypothesis"))
    proc = subprocess.run([sys.executable, "scripts/demo.py"], cwd=checkout, capture_output=True, text=True,
                          encoding="utf-8")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    out = checkout / "out"
    assert {p.name for p in out.iterdir()} >= {"text", "html", "epub", "xml"}
    assert (out / "html" / "2023-06.html").is_file() and (out / "html" / "index.html").is_file()
    assert "宣传信息专报" in (out / "text" / "2023-06.txt").read_text(encoding="utf-8")
