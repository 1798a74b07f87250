"""The contract over rich documents: whatever validates exports to every installed format.

Hypothesis writes series whose bodies hold tables, nested lists, figures (real image files),
links, footnotes, quotes and attachments, mixed with hostile strings (file names with
spaces, '#', '%', ':' and Chinese; link targets with quotes and non-ASCII; markup
fragments). Each clean series is exported to every format, its issues one by one and as a
collection, and once as an HTML site whose copied images and attachments must all be
where the pages link. A sample of the site pages and EPUB books then goes to the Nu checker
and EPUBCheck, one JVM each (skipped when they are not installed).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich_helpers import png_bytes

import contract_gen

SAMPLE = 6
_kept: dict[str, list[bytes]] = {"html": [], "epub": []}
_ran: list[bool] = []

_WORDS = st.text(alphabet=st.sampled_from(list("督查整改任务完成情况，。；：“”（）ab Z09")), min_size=1, max_size=16)
_ODD = st.sampled_from(["<b>", "&amp;", "**", "*", "`", "[", "]", "\\", "{x}", "%20", "\u3000", "é", "\U0001F600",
                        "<!--", "|", "[^9]"])
TEXT = st.integers(0, 9).flatmap(lambda k: st.lists(st.one_of(_WORDS, _ODD), min_size=1, max_size=4).map("".join)
                                 if k == 7 else _WORDS)
FILE_NAME = st.sampled_from(["x", "清单", "a b", "a#b", "50%", "javascript:alert(1)", "..x", "任务 清单#1"])
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
       b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>'
IMAGES = {".png": png_bytes(12, 8), ".gif": GIF, ".svg": SVG}


def _inline(text: str) -> str:
    return text.replace("\n", " ")


@st.composite
def table(draw) -> str:
    columns = draw(st.integers(1, 4))
    header = [draw(_WORDS) for _ in range(columns)]
    align = [draw(st.sampled_from(["---", ":--", ":-:", "--:"])) for _ in range(columns)]
    rows = [[_inline(draw(TEXT)) for _ in range(draw(st.sampled_from([columns, columns, columns, columns - 1 or 1])))]
            for _ in range(draw(st.integers(1, 4)))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    caption = f"表{draw(st.integers(1, 9))} {draw(_WORDS)}\n\n" if draw(st.booleans()) else ""
    return caption + "\n".join(lines)


@st.composite
def listing(draw, depth: int = 0) -> str:
    ordered = draw(st.booleans())
    items = []
    for index in range(1, draw(st.integers(1, 4)) + 1):
        marker = f"{index}. " if ordered else "- "
        items.append(marker + _inline(draw(TEXT)))
        if depth < 2 and draw(st.integers(0, 4)) == 0:
            nested = draw(listing(depth + 1))
            items += ["   " + line for line in nested.split("\n")]
    return "\n".join(items)


@st.composite
def body(draw, images: dict[str, bytes]) -> str:
    blocks = []
    notes = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["text", "table", "list", "figure", "link", "note", "quote", "heading"]))
        if kind == "text":
            blocks.append(draw(TEXT))
        elif kind == "table":
            blocks.append(draw(table()))
        elif kind == "list":
            blocks.append(draw(listing()))
        elif kind == "figure":
            name = draw(FILE_NAME) + draw(st.sampled_from(list(IMAGES)))
            if draw(st.integers(0, 9)):
                images[f"images/{name}"] = IMAGES[name[name.rfind("."):]]
            target = "images/" + name.replace("%", "%25").replace(" ", "%20").replace("#", "%23")
            blocks.append(f"![{_inline(draw(_WORDS))}](<{target}>)")
        elif kind == "link":
            url = draw(st.sampled_from(["https://www.example.gov.cn/a?b=1&c=中", "http://a.example/x y",
                                        "mailto:duban@example.gov.cn", "https://a.example/\"quote\"",
                                        "javascript:alert(1)", "file:///etc/passwd"]))
            blocks.append(f"详见[{_inline(draw(_WORDS))}](<{url}>)，或 https://b.example/p。")
        elif kind == "note":
            label = draw(st.sampled_from(["1", "2", "a"]))
            blocks.append(f"{draw(_WORDS)}[^{label}]。")
            if draw(st.integers(0, 9)):
                notes.append(f"[^{label}]: {_inline(draw(TEXT))}")
        elif kind == "quote":
            blocks.append("> " + _inline(draw(TEXT)))
        else:
            blocks.append("# 一、" + draw(_WORDS))
    return "\n\n".join(blocks + sorted(set(notes)))


@st.composite
def rich_series(draw) -> tuple[dict[str, dict], dict[str, bytes]]:
    files: dict[str, bytes] = {}
    series: dict = {"name": "督查通报", "issuer": "某某县人民政府督查室",
                    "language": draw(st.sampled_from(["zh-CN", "zh-CN", "zh-TW", "zh-HK", "en"]))}
    month_editions = draw(st.integers(0, 4)) == 0
    if month_editions:
        series["numbering"] = "none"
    documents = {"series.toml": series}
    start = dt.date(2024, 1, 5)
    for index in range(draw(st.integers(1, 2))):
        articles = []
        for number in range(draw(st.integers(1, 2))):
            article = {"id": f"a{number + 1}", "title": draw(_WORDS), "body": draw(body(files))}
            if draw(st.integers(0, 2)) == 0:
                name = draw(FILE_NAME) + draw(st.sampled_from([".xlsx", ".csv", ".pdf", ".html", ""]))
                files[f"fujian/{name}"] = b"PK\x03\x04 attachment " + name.encode()
                article["attachments"] = [{"title": draw(_WORDS), "file": f"fujian/{name}"}]
            articles.append(article)
        issue: dict = {"date": start + dt.timedelta(days=31 * index), "articles": articles}
        if not month_editions:
            issue["number"] = index + 1
        documents[f"2024-{index + 1:02d}.toml"] = issue
    return documents, files


def _write(documents: dict[str, dict], files: dict[str, bytes], folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name, document in documents.items():
        (folder / name).write_text(tomli_w.dumps(document), encoding="utf-8")
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


@settings(max_examples=int(os.environ.get("RICH_CONTRACT_EXAMPLES", 12)), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(rich_series())
def test_what_validates_exports_to_every_format_with_rich_bodies(generated):
    from bulletin_cli.operations.export import export_paths

    documents, files = generated
    _ran.append(True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = _write(documents, files, Path(scratch) / "series")
        outcome = contract_gen.check_contract(folder, contract_gen.export_formats())
        assert not outcome.failures, "\n".join(outcome.failures)
        if not outcome.clean:
            return
        site = Path(scratch) / "site"
        result = export_paths([folder], "html", f"{site}/", jobs=1)
        assert result.ok, result.failures
        for page in site.glob("*.html"):
            if page.name.startswith("index"):
                continue
            text = page.read_text(encoding="utf-8")
            assert "data:" not in text
            for link in re.findall(r'(?:src|href)="(media/[^"]+)"', text):
                assert (site / unquote(link)).is_file(), link
            if len(_kept["html"]) < SAMPLE:
                _kept["html"].append(page.read_bytes())
        if len(_kept["epub"]) < SAMPLE:
            _kept["epub"].extend(outcome.outputs.get("epub", [])[:1])


def _sample(name: str) -> list[bytes]:
    if not _ran:
        pytest.skip("run with test_what_validates_exports_to_every_format_with_rich_bodies, which collects the sample")
    assert _kept[name], "no generated rich series validated clean: the generator does not reach the exporters"
    return _kept[name]


def test_generated_rich_site_pages_pass_the_nu_checker(vnu_jar, tmp_path):
    from test_html_export import vnu_messages

    paths = []
    for index, data in enumerate(_sample("html")):
        paths.append(tmp_path / f"page-{index}.html")
        paths[-1].write_bytes(data)
    errors = [m for m in vnu_messages(vnu_jar, paths) if m.get("type") == "error"]
    assert errors == [], [(m.get("url", "")[-12:], m.get("message"), m.get("extract")) for m in errors[:5]]


def test_generated_rich_epubs_pass_epubcheck(java, epubcheck_jar, tmp_path):
    problems = {}
    for index, data in enumerate(_sample("epub")):
        book, report = tmp_path / f"b{index}.epub", tmp_path / f"r{index}.json"
        book.write_bytes(data)
        subprocess.run([java, "-jar", str(epubcheck_jar), "-q", "--json", str(report), str(book)], capture_output=True)
        found = [m for m in json.loads(report.read_text(encoding="utf-8"))["messages"]
                 if m["severity"] in ("ERROR", "FATAL")]
        if found:
            problems[book.name] = found
    assert problems == {}
