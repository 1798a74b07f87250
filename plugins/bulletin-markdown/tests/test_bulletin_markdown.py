"""bulletin-markdown, driven through the real `bulletin export --to markdown` command.

Rendering is checked with pandoc (a CommonMark reader nobody here wrote) when it is installed.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bulletin_cli.testing import EXAMPLES, check_exporter

SEED = EXAMPLES / "xuanchuan-zhuanbao" / "2023-06.toml"
NEWSLETTER = EXAMPLES / "newsletter" / "2024-03.toml"


def bulletin(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "BULLETIN_LOAD_PLUGINS"}
    return subprocess.run([sys.executable, "-m", "bulletin_cli", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, env=env)


def export(issue: Path, *options: str) -> str:
    run = bulletin("export", issue, "--to", "markdown", "-o", "-", *options)
    assert run.returncode == 0, run.stderr
    return run.stdout


def pandoc_html(markdown: str) -> str:
    if not shutil.which("pandoc"):
        if os.environ.get("BULLETIN_REQUIRE_CHECKERS"):
            pytest.fail("pandoc is required in CI")
        pytest.skip("pandoc not installed")
    run = subprocess.run(["pandoc", "-f", "commonmark+yaml_metadata_block", "-t", "html5", "-s", "--wrap=none",
                          "--metadata", "lang=zh"], input=markdown, capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    return run.stdout


def texts(tag: str, page: str) -> list[str]:
    """The text of every <tag> element of the body (after pandoc's title header), tags stripped."""
    if tag != "title":
        page = page.split("</header>")[-1]
    return [html.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", page, re.S)]


def test_passes_the_exporter_checks_for_plugin_authors():
    outputs = check_exporter("markdown")
    assert set(outputs) == {SEED, NEWSLETTER, EXAMPLES / "ducha-tongbao" / "2024-06.toml"}


def test_is_listed_as_a_third_party_plugin():
    run = bulletin("plugins", "--json")
    entry = [p for p in json.loads(run.stdout)["plugins"] if p["name"] == "markdown"]
    assert entry == [{"name": "markdown", "package": "bulletin-markdown", "version": "0.1.0",
                      "hooks": ["register_exporters"], "builtin": False}]
    formats = json.loads(bulletin("formats", "--json").stdout)["formats"]
    assert {"name": "markdown", "extension": ".md", "plugin": "markdown", "package": "bulletin-markdown"}.items() \
        <= [f for f in formats if f["name"] == "markdown"][0].items()


def test_seed_page_structure():
    page = export(SEED)
    front, body = re.match(r"---\n(.*?)\n---\n\n(.*)", page, re.S).groups()
    assert 'title: "宣传信息专报 第6期"' in front.splitlines()
    assert "date: 2023-08-14" in front.splitlines() and "issue: 6" in front.splitlines()
    assert body.startswith("第6期 · 中共青岛市委宣传部 · 2023年8月14日\n")
    assert re.findall(r"^# (.*)$", body, re.M) == ["〔工作动态〕", "〔经验交流〕"]
    assert len(re.findall(r"^## ", body, re.M)) == 6
    assert "\n\n（文明实践工作处）\n\n" in body
    assert body.rstrip().endswith("承办：政策法规研究室\u3000审核：刘利兵\u3000编辑：耿海英\u3000电话：85911016")
    assert "\n* * *\n\n报：省委宣传部，市委常委" in body


def test_seed_renders_as_intended_in_a_commonmark_reader():
    from bulletin_cli.api import load

    issue = load(SEED)
    page = pandoc_html(export(SEED))
    assert texts("title", page) == ["宣传信息专报 第6期"]
    assert texts("h1", page) == ["〔工作动态〕", "〔经验交流〕"]
    assert texts("h2", page) == [a.title for a in issue.articles_in_print_order]
    bold = [run.text for a in issue.articles for block in a.body for run in block.runs if run.strong]
    assert len(bold) >= 5
    assert texts("strong", page) == bold  # every **lead-in** survives, even next to Chinese punctuation
    paragraphs = texts("p", page)
    for article in issue.articles:
        for block in article.body:
            assert block.text in paragraphs


def test_newsletter_headings_and_labels():
    page = export(NEWSLETTER)
    assert re.findall(r"^#+ .*$", page, re.M) == [
        "# Campus News",
        "## Main Library Extends Opening Hours for the Exam Period",
        "## More Than 600 Volunteers Join the Spring River Clean-up",
        "# Research & Teaching",
        "## Teaching Innovation Grants Awarded to Twelve Projects",
        "### Priorities for this round",
        "### Next steps",
    ]
    rendered = pandoc_html(page)
    assert texts("h1", rendered) == ["Campus News", "Research & Teaching"]
    assert texts("h3", rendered) == ["Priorities for this round", "Next steps"]
    assert texts("strong", rendered) == ["40 bookable group-study rooms"]
    assert "(University Library)" in texts("p", rendered)
    assert "Editor: Maya Lindqvist · Phone: 555-0142 · 300 copies printed" in " ".join(texts("p", rendered))


TRICKY = [
    "#hashtag, not a heading", "1. not a list", "2) nor this", "- not a bullet", "+ nor this",
    "> not a quote", "* not a bullet", "*not emphasis*", "_not emphasis_", "`not code`", "[not](a link)",
    "![not](an image)", "<b>not html</b>", "&amp; stays as typed", "~~not struck~~", "back\\slash \\* kept",
    "---", "===", "C# and F#", "a | b | c", "<http://example.org>", "100% & 50 < 60 > 40",
    "价格*3，合计_5_元", "＃全角井号开头", "1234567890. big number",
]


def test_text_never_turns_into_markdown_syntax(tmp_path):
    series = tmp_path / "tricky"
    series.mkdir()
    (series / "series.toml").write_text('name = "Tricky"\nissuer = "Tests"\nlanguage = "en"\n', encoding="utf-8")
    # Bodies are a CommonMark subset now ("- x" is a list): write each text as a plain paragraph
    from bulletin_cli.formats.markup_unparse import unparse_blocks
    from bulletin_cli.model.issue import Block, Run

    source = unparse_blocks(tuple(Block((Run(text),)) for text in TRICKY))
    body = source.replace("\\", "\\\\").replace('"', '\\"')
    bold = '**Bold “quoted”.**Then text, and **“quoted”**word and **bold with * star**.'
    (series / "2024-01.toml").write_text(
        'number = 1\ndate = 2024-01-10\n\n[[articles]]\nid = "tricky"\ntitle = "#1 title # with *stars* & <tags> #"\n'
        f'body = """\n{body}\n\n{bold}\n"""\n', encoding="utf-8")
    page = export(series / "2024-01.toml")
    rendered = pandoc_html(page)
    paragraphs = texts("p", rendered)
    from bulletin_cli.api import load

    expected = [block.text for block in load(series / "2024-01.toml").articles[0].body]
    for text in expected:
        assert text in paragraphs, f"{text!r} did not survive: {paragraphs}"
    assert texts("h2", rendered) == ["#1 title # with *stars* & <tags> #"]
    assert texts("strong", rendered) == ["Bold “quoted”.", "“quoted”", "bold with * star"]
    body = rendered.split("</header>")[-1]
    for tag in ("h1", "h3", "ul", "ol", "blockquote", "code", "a", "img", "del", "hr", "b", "table"):
        assert f"<{tag}>" not in body and f"<{tag} " not in body


def test_front_matter_option(tmp_path):
    toml = export(SEED, "-O", "front_matter=toml")
    assert toml.startswith('+++\ntitle = "宣传信息专报 第6期"\ndate = 2023-08-14\nissue = 6\n')
    import tomllib

    meta = tomllib.loads(toml.split("+++")[1])
    assert meta["series"] == "宣传信息专报" and meta["identifier"] == "xuanchuan-zhuanbao/2023/issue-6"
    assert export(SEED, "-O", "front_matter=none").startswith("第6期 · ")
    bad = bulletin("export", SEED, "--to", "markdown", "-O", "front_matter=json", "-o", tmp_path / "x.md")
    assert bad.returncode == 1
    assert ("exporter 'markdown' from plugin 'markdown' (package bulletin-markdown) failed: "
            "ValueError: -O front_matter=json: choose one of yaml, toml, none") in bad.stderr
    assert not (tmp_path / "x.md").exists()


def test_a_folder_exports_one_page_per_issue(tmp_path):
    run = bulletin("export", EXAMPLES, "--to", "markdown", "-o", tmp_path / "site")
    assert run.returncode == 0, run.stderr
    site = tmp_path / "site"
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.md"))
    assert pages == ["ducha-tongbao/2024-06.md", "index.md", "newsletter/2024-03.md", "xuanchuan-zhuanbao/2023-06.md"]
    assert (site / "xuanchuan-zhuanbao/2023-06.md").read_text(encoding="utf-8") == export(SEED)
    index = pandoc_html((site / "index.md").read_text(encoding="utf-8"))
    assert texts("title", index) == ["总目录"]
    assert texts("h1", index) == ["宣传信息专报", "Riverside Campus Bulletin", "督查通报"]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', index)
    assert links == [("xuanchuan-zhuanbao/2023-06.md", "第6期 · 2023年8月14日"),
                     ("newsletter/2024-03.md", "Issue 3 · 18 March 2024"),
                     ("ducha-tongbao/2024-06.md", "第5期 · 2024年6月28日")]
    assert all((site / href).is_file() for href, _ in links)


def test_attachments_are_linked_and_a_site_copies_them_beside_the_page(tmp_path):
    folder = EXAMPLES / "ducha-tongbao"
    text = export(folder / "2024-06.toml")
    assert "附件：[2024年上半年重点任务清单](<fujian/renwu-qingdan.csv>)" in text
    site = tmp_path / "site"
    run = bulletin("export", folder, "--to", "markdown", "-o", f"{site}/")
    assert run.returncode == 0, run.stderr
    page = (site / "2024-06.md").read_text(encoding="utf-8")
    for link in re.findall(r"\]\(<([^>]+)>\)", page):
        if ":" not in link and not link.endswith(".md"):
            assert (site / link).is_file(), link
    assert (site / "fujian" / "renwu-qingdan.csv").read_bytes() == (folder / "fujian" / "renwu-qingdan.csv").read_bytes()
