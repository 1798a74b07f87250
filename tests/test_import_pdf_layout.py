"""The PDF reader's tables, lists, quotes and footnotes, on PDFs this tool did not make.

Each PDF is typeset here with Typst (the ``typst`` package the PDF plugin installs) from a few
lines of Typst markup, in whatever CJK face the machine has: a table with rules, one without,
one with a wrapped cell, a nested list, and passages that only look like two columns (a
colophon's credit lines, a contents page with page numbers), which must stay paragraphs. And
the 督查通报's Word file printed by LibreOffice (the Chromium print is in test_import_formats.py).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import _need

_PARAGRAPH = "各单位要认真落实工作部署，加强组织领导，细化工作措施，确保各项任务按期完成。" * 3
_PREAMBLE = """
#set page(paper: "a4", margin: (x: 2.8cm, y: 3cm))
#set text(font: ("Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UMing CN", "AR PL UKai CN", "WenQuanYi Zen Hei"),
  size: 12pt, lang: "zh")
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.9em, spacing: 0.9em)
"""


def _pdf(tmp_path: Path, body: str) -> Path:
    for module in ("typst", "pdfplumber"):
        _need(f"{module} (for typesetting test PDFs)", importlib.util.find_spec(module))
    import typst

    source = _PREAMBLE + f"{_PARAGRAPH}\n\n{_PARAGRAPH}\n\n{body}\n\n{_PARAGRAPH}\n"
    path = tmp_path / "made.pdf"
    path.write_bytes(typst.compile(source.encode("utf-8")))
    return path


def _read(path: Path):
    blocks, bulletin = _read_any(path)
    text = "".join(line.text for line in bulletin.lines if line is not None)
    _need("a CJK font Typst can find", "各单位" in text)
    return blocks, bulletin


def _read_any(path: Path):
    """The markup blocks the PDF reader found (each a list of markup lines), and what it read."""
    from bulletin_cli.formats.plaintext.pdf_layout import pdf_bulletins

    (bulletin,) = pdf_bulletins(path)
    blocks: list[list[str]] = []
    previous = None
    for line in bulletin.lines:
        if line is not None and line.hint == "markup":
            if previous is None or previous.hint != "markup":
                blocks.append([])
            blocks[-1].append(" " * line.indent + line.text)
        previous = line
    return blocks, bulletin


def _whats(bulletin) -> list[str]:
    return [g.what for g in bulletin.guesses]


def test_a_table_with_rules_on_every_edge(tmp_path):
    blocks, bulletin = _read(_pdf(tmp_path, """
#table(columns: 3, stroke: 0.5pt, inset: 5pt, align: (center, left, right),
  [序号], [单位], [数量], [1], [县住建局], [12], [2], [县城管局], [3], [3], [县水利局], [105])
"""))
    assert blocks == [["| 序号 | 单位 | 数量 |", "| :-: | --- | --: |", "| 1 | 县住建局 | 12 |",
                       "| 2 | 县城管局 | 3 |", "| 3 | 县水利局 | 105 |"]]
    assert any(w.startswith("table: 3 columns, 4 rows, from its rules") for w in _whats(bulletin))


def test_a_table_without_rules_is_read_from_its_columns(tmp_path):
    blocks, bulletin = _read(_pdf(tmp_path, """
表2　各乡镇进度

#table(columns: 3, stroke: none, inset: (x: 8pt, y: 4pt),
  [乡镇], [任务], [完成时限], [城关镇], [道路硬化], [6月30日], [河口镇], [管网改造], [9月30日],
  [石桥镇], [校舍维修], [8月20日])
"""))
    assert blocks == [["表2　各乡镇进度"], ["| 乡镇 | 任务 | 完成时限 |", "| --- | --- | --- |",
                                          "| 城关镇 | 道路硬化 | 6月30日 |", "| 河口镇 | 管网改造 | 9月30日 |",
                                          "| 石桥镇 | 校舍维修 | 8月20日 |"]]
    assert any("no rules" in w for w in _whats(bulletin))


def test_a_wrapped_cell_is_one_cell(tmp_path):
    """Cells set top-aligned, one wrapping over three lines; rows stand further apart than a cell's lines."""
    blocks, _ = _read(_pdf(tmp_path, """
#table(columns: (4em, 6em, 12em), stroke: none, inset: (x: 8pt, y: 6pt), align: top,
  table.hline(), [序号], [单位], [进展情况], table.hline(),
  [1], [县住建局], [已完成老旧小区改造十个，另有两个正在施工，预计九月底前全部完成],
  [2], [县城管局], [已完成],
  [3], [县水利局], [管网铺设完成八成], table.hline())
"""))
    assert blocks == [["| 序号 | 单位 | 进展情况 |", "| --- | --- | --- |",
                       "| 1 | 县住建局 | 已完成老旧小区改造十个，另有两个正在施工，预计九月底前全部完成 |",
                       "| 2 | 县城管局 | 已完成 |", "| 3 | 县水利局 | 管网铺设完成八成 |"]]


def test_a_nested_list_keeps_its_marks_and_levels(tmp_path):
    blocks, bulletin = _read(_pdf(tmp_path, """
#set par(first-line-indent: 0pt)
- 个别项目前期工作不扎实，开工时间推迟，部分项目至今尚未办完用地和规划审批手续；
- 资金拨付不及时，主要是：
  + 审批环节多，流转时间长；
  + 上级配套资金尚未全部到位。
- 部分单位对群众反映的问题回应不够及时。
"""))
    assert blocks == [["- 个别项目前期工作不扎实，开工时间推迟，部分项目至今尚未办完用地和规划审批手续；",
                       "- 资金拨付不及时，主要是：", "  1. 审批环节多，流转时间长；", "  2. 上级配套资金尚未全部到位。",
                       "- 部分单位对群众反映的问题回应不够及时。"]]
    assert any(w.startswith("list: 5 items") for w in _whats(bulletin))


def test_footnotes_raised_in_the_text_with_their_notes_below(tmp_path):
    blocks, bulletin = _read(_pdf(tmp_path, r"""
截至6月25日，已完成1项，进度滞后1项#super[1]。各单位要逐项明确整改措施#super[2]。

①加强组织领导，②压实工作责任，确保各项任务按期完成。

#line(length: 25%)
#[
#set text(size: 10pt)
#set par(first-line-indent: 0pt)
\[1\] 进度滞后是指实际完成量低于序时进度10个百分点以上。

\[2\] 依据《督查工作办法》第十二条执行。
]
"""))
    assert ["[^1]: 进度滞后是指实际完成量低于序时进度10个百分点以上。", "[^2]: 依据《督查工作办法》第十二条执行。"] in blocks
    text = "".join(line.text for line in bulletin.lines if line is not None)
    assert "进度滞后1项[^1]。各单位要逐项明确整改措施[^2]。" in text
    assert "①加强组织领导，②压实工作责任" in text  # a paragraph of the text starting with ① is no note


def test_a_block_quote_is_set_in_from_both_sides(tmp_path):
    blocks, _ = _read(_pdf(tmp_path, """
#pad(x: 2em)[背街小巷连着千家万户，整治成效要由群众来评判，群众满意不满意是衡量工作成效的唯一标准。]
"""))
    assert blocks == [["> 背街小巷连着千家万户，整治成效要由群众来评判，群众满意不满意是衡量工作成效的唯一标准。"]]


def test_colophon_credit_lines_are_not_a_table(tmp_path):
    blocks, bulletin = _read(_pdf(tmp_path, """
#set par(first-line-indent: 0pt)
承办：县政府办公室#h(4em)审核：张三

编辑：李四#h(7em)电话：0531-1234567

主编：王五#h(6em)责任编辑：赵六
"""))
    assert blocks == [] and not any(w.startswith("table") for w in _whats(bulletin))


def test_a_contents_page_with_page_numbers_is_not_a_table(tmp_path):
    blocks, bulletin = _read(_pdf(tmp_path, """
#set par(first-line-indent: 0pt)
#grid(columns: (1fr, auto), row-gutter: 0.9em,
  [关于上半年重点任务推进情况的督查通报], [1], [县城管局推动背街小巷整治提前完成], [3],
  [河口镇多措并举推进管网改造], [4], [石桥镇校舍维修工作稳步推进], [6])
"""))
    assert blocks == [] and not any(w.startswith("table") for w in _whats(bulletin))


def test_word_file_printed_by_libreoffice_gives_its_table_list_notes_and_quote(tmp_path):
    """The 督查通报 as the DOCX plugin writes it, printed to PDF by LibreOffice: a table ruled on
    every edge, Word's list numbering, real footnotes at the foot of each page (their numbers raised
    but larger than the note), the quote set in."""
    import shutil
    import subprocess

    from tests.conftest import ROOT, _run_cli

    ducha = ROOT / "examples" / "ducha-tongbao" / "2024-06.toml"
    for module in ("docx", "bulletin_docx", "pdfplumber"):
        _need(f"{module} (for the LibreOffice print)", importlib.util.find_spec(module))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    _need("LibreOffice (soffice)", soffice)
    docx = tmp_path / "ducha.docx"
    assert _run_cli(["export", str(ducha), "--to", "docx", "-o", str(docx)]).exit_code == 0
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').resolve().as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)], capture_output=True, timeout=180,
                   check=False)
    assert (tmp_path / "ducha.pdf").is_file(), "LibreOffice wrote no PDF"
    blocks, bulletin = _read_any(tmp_path / "ducha.pdf")
    assert ["| 序号 | 任务名称 | 责任单位 | 完成时限 | 进展情况 |", "| :-: | --- | --- | :-: | --- |",
            "| 1 | 老旧小区改造 | 县住建局 | 9月30日 | 已完成10个，共12个 |",
            "| 2 | 城区背街小巷整治 | 县城管局 | 6月30日 | **已完成** |",
            "| 3 | 农村饮水安全巩固提升 | 县水利局 | 10月31日 | 管网铺设完成80% |",
            "| 4 | 中小学校舍维修 | 县教体局 | 8月20日 | 已开工，进度滞后 |"] in blocks
    assert ["- 个别项目前期工作不扎实，开工时间推迟；", "- 资金拨付不及时，主要是：", "  1. 审批环节多，流转时间长；",
            "  2. 上级配套资金尚未全部到位。", "- 部分单位对群众反映的问题回应不够及时。"] in blocks
    notes = [line for block in blocks for line in block if line.startswith("[^")]
    assert notes == ["[^1]: 进度滞后是指实际完成量低于序时进度10个百分点以上。", "[^2]: 依据《滨河县政府督查工作办法》第十二条执行。"]
    assert ["> 背街小巷连着千家万户，整治成效要由群众来评判。"] in blocks
    text = "".join(line.text for line in bulletin.lines if line is not None)
    assert "进度滞后1项[^1]。" in text and "予以通报[^2]。" in text


def test_two_columns_of_running_text_are_not_a_table(tmp_path):
    blocks, bulletin = _read(_pdf(tmp_path, f"""
#columns(2, gutter: 2em)[{_PARAGRAPH * 2}

{_PARAGRAPH}]
"""))
    assert blocks == [] and not any(w.startswith("table") for w in _whats(bulletin))
