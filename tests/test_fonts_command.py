"""`bulletin fonts`: which face each role gets, from a fake fontconfig (a PATH shim) and the real one."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import SEED_SERIES

shims_work = pytest.mark.skipif(sys.platform == "win32", reason="the fake fc-match is a script run through its #! line")

# The fake fontconfig: a machine with FandolFang and Noto CJK, where every family not
# installed (仿宋, 楷体 …) falls back to Noto Sans CJK SC, as Debian's does.
FAKE = '''
import sys
FACES = {
    "fandolfang": "FandolFang,FandolFang R\\tRegular\\t/fonts/FandolFang-Regular.otf\\ten|zh-cn",
    "ar pl ukai cn": "AR PL UKai CN,文鼎PL中楷\\tBook\\t/fonts/ukai.ttc\\ten|zh-cn|zh-tw",
    "noto serif cjk sc": "Noto Serif CJK SC\\tBold\\t/fonts/NotoSerifCJK-Bold.ttc\\ten|zh-cn",
    "times new roman": "DejaVu Serif\\tBook\\t/fonts/DejaVuSerif.ttf\\ten",
    "dejavu sans": "DejaVu Sans\\tBook\\t/fonts/DejaVuSans.ttf\\ten",
}
FALLBACK = "Noto Sans CJK SC\\tRegular\\t/fonts/NotoSansCJK-Regular.ttc\\ten|zh-cn"
tool = sys.argv[0].rsplit("/", 1)[-1]
if tool == "fc-list":
    print("FandolFang,FandolFang R\\nAR PL UKai CN\\nNoto Serif CJK SC\\nNoto Sans CJK SC")
elif tool == "fc-scan":
    print("FandolFang,FandolFang R\\tRegular\\t" + sys.argv[-1] + "\\ten|zh-cn")
else:
    family = sys.argv[-1].split(":")[0].casefold()
    print(FACES.get(family, FALLBACK))
'''


@pytest.fixture
def fake_fontconfig(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("fc-match", "fc-list", "fc-scan"):
        script = bin_dir / tool
        script.write_text(f"#!{sys.executable}\n" + textwrap.dedent(FAKE), encoding="utf-8")
        script.chmod(0o755)
    return {"PATH": str(bin_dir)}


def _series(tmp_path: Path, fonts: str) -> Path:
    folder = tmp_path / "zb"
    shutil.copytree(SEED_SERIES, folder)
    with (folder / "series.toml").open("a", encoding="utf-8") as out:
        out.write("\n[fonts]\n" + fonts)
    return folder


def _roles(result) -> dict:
    return {role["role"]: role for role in json.loads(result.stdout)["roles"]}


@shims_work
def test_defaults_falling_back_to_another_style_are_warned_with_what_to_name(cli, fake_fontconfig):
    result = cli(["fonts"], env=fake_fontconfig)
    assert result.exit_code == 1
    assert "warning: body (仿宋): 仿宋 is not installed, so Noto Sans CJK SC stands in, a 黑体 face" in result.stderr
    assert '[fonts] body = "FandolFang"' in result.stderr  # the 仿宋 this machine has
    assert '[fonts] kai = "AR PL UKai CN"' in result.stderr
    assert "warning: heading" not in result.stderr  # 黑体 asked, a 黑体 given
    assert result.stderr.count("warning: title") == 1 and "warning: masthead" not in result.stderr
    body_line = next(line for line in result.stdout.splitlines() if line.startswith("body"))
    assert "→ Noto Sans CJK SC Regular  [fallback]" in body_line


@shims_work
def test_a_series_naming_installed_faces_of_each_style_gets_no_warning(cli, fake_fontconfig, tmp_path):
    folder = _series(tmp_path, 'title = "Noto Serif CJK SC"\nbody = "FandolFang"\nkai = "AR PL UKai CN"\n'
                               'number = "Noto Serif CJK SC"\n')
    result = cli(["fonts", folder, "--format", "json"], env=fake_fontconfig)
    assert result.exit_code == 0, result.stderr
    roles = _roles(result)
    assert roles["body"]["status"] == "ok" and roles["body"]["face"]["family"].startswith("FandolFang")
    assert roles["body"]["source"] == "[fonts]" and roles["heading"]["source"] == "default"
    assert roles["title"]["status"] == "near"  # a bold 宋体 for 小标宋: close enough, not warned
    assert roles["latin"]["status"] == "near" and json.loads(result.stdout)["warnings"] == []


@shims_work
def test_an_issue_file_and_a_font_file_are_read(cli, fake_fontconfig, tmp_path):
    folder = _series(tmp_path, 'kai = "DejaVu Sans"\nbody_file = "fonts/fs.otf"\n')
    (folder / "fonts").mkdir()
    (folder / "fonts" / "fs.otf").write_bytes(b"OTTO")
    result = cli(["fonts", folder / "2023-06.toml", "--format", "json"], env=fake_fontconfig)
    roles = _roles(result)
    assert roles["body"]["file"].endswith("fs.otf") and roles["body"]["status"] == "ok"
    assert roles["kai"]["status"] == "missing"  # DejaVu Sans has no Chinese characters
    assert "no Chinese characters" in roles["kai"]["warning"]
    assert result.exit_code == 1


def test_without_fontconfig_it_says_so(cli, tmp_path):
    empty = tmp_path / "nothing"
    empty.mkdir()
    result = cli(["fonts", "--format", "json"], env={"PATH": str(empty)})
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["fontconfig"] is False
    assert _roles(result)["body"]["family"] == "仿宋" and _roles(result)["body"]["face"] is None
    text = cli(["fonts"], env={"PATH": str(empty)})
    assert "fontconfig (fc-match) is not on this machine" in text.stdout


def test_errors_in_fonts_are_reported_like_validate(cli, tmp_path):
    folder = _series(tmp_path, 'bdy = "仿宋"\n')
    result = cli(["fonts", folder])
    assert result.exit_code == 1
    assert "error S201" in result.stderr and "did you mean 'body'?" in result.stderr
    assert cli(["fonts", "--format", "xml"]).exit_code == 2
    assert cli(["fonts", tmp_path / "missing"]).exit_code == 2


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig is not installed")
def test_the_real_fontconfig_answers_for_every_role(cli):
    result = cli(["fonts", SEED_SERIES, "--format", "json"])
    assert result.exit_code in (0, 1), result.stderr
    roles = _roles(result)
    assert list(roles) == ["title", "masthead", "body", "heading", "kai", "number", "latin"]
    for role in roles.values():
        assert role["face"] is not None and role["face"]["file"], role
        assert role["status"] in ("ok", "near", "fallback", "missing", "unknown")
        assert (role["warning"] is None) == (role["status"] not in ("fallback", "missing")) or role["role"] == "masthead"


@pytest.mark.parametrize("names, style", [
    ("FandolFang,FandolFang R", "仿宋"), ("STFangsong,华文仿宋", "仿宋"), ("仿宋_GB2312", "仿宋"),
    ("方正小标宋简体", "小标宋"), ("FZXiaoBiaoSong-B05S", "小标宋"), ("SimSun,宋体", "宋体"),
    ("Noto Serif CJK SC", "宋体"), ("AR PL UMing CN", "宋体"), ("KaiTi,楷体", "楷体"), ("LXGW WenKai", "楷体"),
    ("Noto Sans CJK SC", "黑体"), ("Microsoft YaHei", "黑体"), ("SimHei", "黑体"), ("PingFang SC", None),
])
def test_a_face_s_style_is_read_from_its_names(names, style):
    from bulletin_cli.operations.fonts import style_of

    assert style_of(names) == style
