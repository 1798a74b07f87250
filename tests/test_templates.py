"""Page templates: a series' templates/ overrides the shipped ones; validate reports a broken one
with file:line; autoescape holds in an overridden template; every href goes through safe_href."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import NEWSLETTER_SERIES

TEMPLATE_DIRS = [Path(__file__).resolve().parent.parent / "src/bulletin_cli/formats" / f / "templates"
                 for f in ("html", "epub")]
HOSTILE = '<script>alert("x")</script> & \'quoted\''


@pytest.fixture
def series(tmp_path) -> Path:
    """A copy of the newsletter example with a templates/ folder."""
    folder = tmp_path / "newsletter"
    shutil.copytree(NEWSLETTER_SERIES, folder)
    (folder / "templates").mkdir()
    return folder


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / "templates" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_series_masthead_template_replaces_the_shipped_one_in_html_and_epub(series, cli, tmp_path):
    _write(series, "masthead.html.j2",
           '<header class="masthead office-look">\n'
           '<h{{ rank }} class="bulletin-name">{{ issue.name }}</h{{ rank }}>\n'
           '<p class="office-motto">Printed in-house · {{ labels.format_date(issue.date) }}</p>\n'
           "</header>\n")
    assert cli(["validate", series]).exit_code == 0
    out = tmp_path / "site"
    run = cli(["export", series, "--to", "html", "-o", f"{out}/", "--no-search"])
    assert run.exit_code == 0, run.stderr
    page = (out / "2024-03.html").read_text(encoding="utf-8")
    assert '<header class="masthead office-look">' in page
    assert '<p class="office-motto">Printed in-house · 18 March 2024</p>' in page
    assert '<p class="issue-line">' not in page  # the shipped masthead is not used
    # an issue without the folder keeps the shipped masthead
    plain = tmp_path / "plain.html"
    assert cli(["export", NEWSLETTER_SERIES / "2024-03.toml", "--to", "html", "-o", plain]).exit_code == 0
    assert "office-look" not in plain.read_text(encoding="utf-8")
    book = tmp_path / "book.epub"
    assert cli(["export", series / "2024-03.toml", "--to", "epub", "-o", book]).exit_code == 0
    with zipfile.ZipFile(book) as z:
        title = next(z.read(n).decode() for n in z.namelist() if "title" in n and n.endswith(".xhtml"))
    assert "office-motto" in title


def test_a_template_syntax_error_is_reported_by_validate_with_file_and_line(series, cli, tmp_path):
    path = _write(series, "article.html.j2", '<article class="article">\n{{ article.title }}\n{% if article.subtitle %}\n</article>\n')
    run = cli(["validate", series])
    assert run.exit_code == 1
    assert f"{path}:4:1: error F108" in run.stdout, run.stdout
    assert "hint:" in run.stdout and "Traceback" not in run.stdout + run.stderr
    # validate fails, so export refuses before writing anything, without a traceback
    out = tmp_path / "site"
    export = cli(["export", series, "--to", "html", "-o", f"{out}/"])
    assert export.exit_code == 1
    assert "F108" in export.stdout + export.stderr and "Traceback" not in export.stderr
    assert not any(out.rglob("*.html"))


def test_a_template_that_fails_when_rendered_is_reported_at_its_line(series, cli):
    path = _write(series, "colophon.html.j2", '<footer class="colophon">\n\n<p>{{ colophon.editorr }}</p>\n</footer>\n')
    run = cli(["validate", series])
    assert run.exit_code == 1
    assert f"{path}:3:1: error F108" in run.stdout, run.stdout
    assert "editorr" in run.stdout


def test_an_unknown_template_name_is_reported_with_the_name_meant(series, cli):
    path = _write(series, "mastead.html.j2", "<header>{{ issue.name }}</header>\n")
    _write(series, "_motto.html.j2", "<p>ours</p>\n")  # a partial: allowed
    run = cli(["validate", series])
    assert run.exit_code == 1
    assert f"{path}:1:1: error F109" in run.stdout
    assert "did you mean masthead.html.j2?" in run.stdout
    assert "_motto" not in run.stdout


def test_hostile_titles_are_escaped_in_an_overridden_template(series, cli, tmp_path):
    issue = series / "2024-03.toml"
    text = issue.read_text(encoding="utf-8")
    first = 'title = "Main Library Extends Opening Hours for the Exam Period"'
    assert first in text
    issue.write_text(text.replace(first, "title = '''" + HOSTILE + "'''"), encoding="utf-8")
    _write(series, "article.html.j2",
           '<article class="article" id="{{ prefix ~ article.id }}" data-title="{{ article.title }}">\n'
           "<h{{ title_rank }}>{{ article.title }}</h{{ title_rank }}>\n{{ body }}\n</article>\n")
    _write(series, "archive-index.html.j2",
           "<main>{% for year in years %}{% for entry in year.issues %}{% for a in entry.issue.articles %}"
           '<a href="{{ entry.page|href(a.id) }}" title="{{ a.title }}">{{ a.title }}</a>'
           "{% endfor %}{% endfor %}{% endfor %}</main>\n")
    assert cli(["validate", series]).exit_code == 0
    out = tmp_path / "site"
    assert cli(["export", series, "--to", "html", "-o", f"{out}/", "--no-search"]).exit_code == 0
    for page in ("2024-03.html", "index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;quoted&#39;" in html, page


def test_every_href_and_src_of_a_shipped_template_goes_through_the_href_filter():
    """A template cannot emit an unfiltered link: each href/src value is a literal without
    expressions, or one expression ending in |href."""
    attribute = re.compile(r'\b(href|src)="([^"]*)"')
    checked = 0
    for folder in TEMPLATE_DIRS:
        for path in folder.glob("*.j2"):
            for match in attribute.finditer(path.read_text(encoding="utf-8")):
                value = match.group(2)
                checked += 1
                if "{{" not in value and "{%" not in value:
                    continue
                assert re.fullmatch(r"\{\{[^{}]*\|href(\([^{}]*\))?\s*\}\}", value), \
                    f"{path.name}: {match.group(0)} does not go through |href"
    assert checked >= 10


def test_the_href_filter_refuses_what_safe_href_refuses():
    from bulletin_cli.formats.html.templating import environment
    from bulletin_cli.formats.html.urls import UnsafeLink

    env = environment()
    assert env.from_string('<a href="{{ p|href }}">').render(p="javascript:alert(9).html") == \
        '<a href="javascript%3Aalert(9).html">'
    with pytest.raises(UnsafeLink):
        env.from_string('<a href="{{ p|href }}">').render(p="/etc/passwd")


def test_a_template_failing_inside_an_export_is_a_clear_error(series):
    """When rendering fails after validation (an issue validate did not try), the export gets a
    TemplateProblem: an ExportError naming the template file and line, not a crash."""
    from bulletin_cli import api
    from bulletin_cli.formats.html.templating import TemplateProblem

    issue = api.load(series / "2024-03.toml")  # valid: the folder is still empty
    path = _write(series, "colophon.html.j2", "<footer>\n{{ colophon.nope.deeper }}\n</footer>\n")
    with pytest.raises(TemplateProblem) as caught:
        api.export(issue, "html")
    assert f"{path}:2" in str(caught.value)


def test_version_and_validate_do_not_import_jinja2():
    code = ("import sys\nfrom bulletin_cli.cli import main\nsys.argv = ['bulletin'] + sys.argv[1:]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('JINJA' if any(m.split('.')[0] in ('jinja2', 'markupsafe') for m in sys.modules) else 'NONE', "
            "file=sys.stderr)")
    for args in (["--version"], ["validate", str(NEWSLETTER_SERIES)]):
        proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        assert proc.stderr.strip().splitlines()[-1] == "NONE", (args, proc.stderr)


def test_a_template_failing_for_one_issue_only_is_caught_by_validate(tmp_path, cli):
    """numbering = "none": issue.number is None, and a template doing arithmetic with it fails
    only on the issues where its branch runs (here every issue after January). Validate tries
    every issue's pages, not only the first, middle and last: the export would fail otherwise."""
    folder = tmp_path / "n"
    (folder / "templates").mkdir(parents=True)
    shipped = (TEMPLATE_DIRS[0] / "masthead.html.j2").read_text(encoding="utf-8")
    line = '<p class="issue-line">{{ issue.issue_line }}</p>'
    assert line in shipped
    (folder / "templates" / "masthead.html.j2").write_text(shipped.replace(
        line, '<p class="issue-line">{{ issue.issue_line }}{% if issue.date.month == 2 %} '
              'next: {{ issue.number + 1 }}{% endif %}</p>'), encoding="utf-8")
    (folder / "series.toml").write_text('name = "测试简报"\nissuer = "测试办公室"\ncolumns = ["x"]\nnumbering = "none"\n',
                                        encoding="utf-8")
    for month in range(1, 6):  # February is neither the first, the middle nor the last
        (folder / f"2024-0{month}.toml").write_text(
            f'date = 2024-0{month}-10\n[[articles]]\nid = "a1"\ncolumn = "x"\ntitle = "标题"\n'
            'body = """\n正文第一段。\n"""\n', encoding="utf-8")
    run = cli(["validate", folder])
    assert run.exit_code == 1, run.stdout
    assert "masthead.html.j2:1:1" not in run.stdout
    assert re.search(r"masthead\.html\.j2:\d+:1: error F108 .*NoneType", run.stdout), run.stdout
    out = tmp_path / "out"
    run = cli(["export", folder, "--to", "html", "-o", f"{out}/"])
    assert run.exit_code == 1 and "Traceback" not in run.stderr
    assert not out.exists()


@pytest.mark.parametrize("body, copies", [
    ("{{ body }}", 1),  # as shipped: the archive index streams into the page
    ("{{ body }}\n<template>{{ body }}</template>", 2),  # twice: laid out whole, both copies full
    ("{{ body|replace('\\x00', '') }}", 1),  # changed on the way: laid out whole, the change applied
])
def test_a_series_page_template_gets_the_whole_archive_index_however_it_places_the_body(series, cli, tmp_path,
                                                                                        body, copies):
    _write(series, "page.html.j2", '<!DOCTYPE html>\n<html lang="{{ language }}">\n<head>\n<meta charset="utf-8">\n'
                                   "<title>{{ title }}</title>\n</head>\n<body>\n" + body + "\n</body>\n</html>\n")
    out = tmp_path / "site"
    run = cli(["export", series, "--to", "html", "-o", f"{out}/", "--no-search"])
    assert run.exit_code == 0, run.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "\x00" not in index
    assert index.count('<h1 class="archive-title">') == copies
    assert index.count("</main>") == copies  # each copy is the whole body
    assert index.endswith("</html>\n")


def test_an_archive_index_template_failing_part_way_is_a_clear_error_and_writes_nothing(series, cli, tmp_path):
    from bulletin_cli import api
    from bulletin_cli.formats.exporter import ExportOptions
    from bulletin_cli.formats.html import site as html_site
    from bulletin_cli.formats.html.templating import TemplateProblem

    issues = [api.load(path) for path in sorted(series.glob("20*.toml"))]
    path = _write(series, "archive-index.html.j2",
                  "<main>\n{% for year in years %}\n<h2>{{ year.year }}</h2>\n{{ year.nope.deeper }}\n"
                  "{% endfor %}\n</main>\n")
    with pytest.raises(TemplateProblem) as caught:
        html_site.render_site(issues, ExportOptions())
    assert f"{path}:4" in str(caught.value)
    out = tmp_path / "site"
    run = cli(["export", series, "--to", "html", "-o", f"{out}/", "--no-search"])
    assert run.exit_code == 1 and f"{path.name}:4" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and not out.exists()
