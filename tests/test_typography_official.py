"""The text checks T113–T122 (issue 19): each with text that must be flagged, text that must not,
and what the fix writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_typography import BODY_LINE, codes, findings, write_issue

from bulletin_cli.operations.fix import fix_in_place
from bulletin_cli.operations.validate import validate_paths


def fixed_body(folder: Path, body: str) -> str:
    """The body as `validate --fix` leaves it."""
    issue = write_issue(folder, body)
    fix_in_place([folder])
    text = issue.read_text(encoding="utf-8")
    return text.split('body = """\n', 1)[1].rsplit('\n"""', 1)[0]


# -- T113 commas between coordinate words ------------------------------------------------------

def test_commas_between_coordinate_words_get_a_hint_not_a_fix(tmp_path):
    found = findings(tmp_path, "社区开展义诊，义剪，法律咨询等服务。")
    assert [(c, col) for c, _, col, _ in found] == [("T113", 7)]
    assert fixed_body(tmp_path / "f", "社区开展义诊，义剪，法律咨询等服务。") == "社区开展义诊，义剪，法律咨询等服务。"


def test_halfwidth_commas_between_coordinate_words_are_not_turned_into_full_width_commas(tmp_path):
    assert codes(tmp_path, "购置桌椅,书柜,电脑等设备。") == ["T113"]
    assert fixed_body(tmp_path / "f", "购置桌椅,书柜,电脑等设备。") == "购置桌椅,书柜,电脑等设备。"


@pytest.mark.parametrize("body", ["开展宣讲、展览、演出等活动。", "会议指出，要加强学习，认真贯彻落实上级部署等要求。",
                                  "经研究，决定如下。"])
def test_clauses_and_pause_marks_are_not_coordinate_commas(tmp_path, body):
    assert codes(tmp_path, body) == []


# -- T114 顿号 between titles and quotations ---------------------------------------------------------

def test_pause_between_titles_and_quotations_is_removed(tmp_path):
    body = "学习《条例》、《办法》和“春节”、“元宵”等。"
    assert codes(tmp_path, body) == ["T114", "T114"]
    assert fixed_body(tmp_path / "f", body) == "学习《条例》《办法》和“春节”“元宵”等。"


def test_pause_after_a_bracketed_note_between_titles_stays(tmp_path):
    # GB/T 15834 4.5.3.5: with other words between the titles the 顿号 is right
    assert codes(tmp_path, "印发《方案》（试行）、《细则》。") == []


# -- T115 doubled 的 ---------------------------------------------------------------------------------

def test_doubled_de_keeps_one(tmp_path):
    assert codes(tmp_path, "提升服务的的质量。") == ["T115"]
    assert fixed_body(tmp_path / "f", "提升服务的的质量。") == "提升服务的质量。"


def test_de_de_que_que_is_a_word(tmp_path):
    assert codes(tmp_path, "这一做法的的确确减轻了负担，目的的确定要早。") == []


# -- T116 single dash ------------------------------------------------------------------------------------

def test_single_dash_between_phrases_is_reported_without_a_fix(tmp_path):
    found = findings(tmp_path, "我们的目标—建设文明典范城市。")
    assert [(c, col) for c, _, col, _ in found] == [("T116", 6)]
    assert fixed_body(tmp_path / "f", "我们的目标—建设文明典范城市。") == "我们的目标—建设文明典范城市。"


@pytest.mark.parametrize("body", ["北京—上海—广州三地联动。", "开通青岛—济南高铁。", "区—街道—社区三级联动。",
                                  "1949—1986年。", "讨论——有的谈体会。"])
def test_connecting_dashes_and_two_dash_breaks_are_right(tmp_path, body):
    assert codes(tmp_path, body) == []


# -- T117 space between Chinese words -------------------------------------------------------------------

def test_space_between_chinese_words_in_a_body_is_removed(tmp_path):
    found = findings(tmp_path, "会议要求 各单位抓好落实。")
    assert [(c, line, col) for c, line, col, _ in found] == [("T117", BODY_LINE, 5)]
    assert fixed_body(tmp_path / "f", "会议要求 各单位抓好落实。") == "会议要求各单位抓好落实。"


def test_headline_spaces_in_titles_headings_and_quotations_stay(tmp_path):
    body = "# 突出三个导向 推动纵深发展\n\n开展“声承青春之火 品读墨韵人生”活动。\n\n**守正创新 担当作为**"
    assert codes(tmp_path, body, title="市北区突出三个导向 推动宣讲纵深发展") == []


# -- T118 full stop in an inner bracket ------------------------------------------------------------------

def test_full_stop_inside_a_bracket_within_a_sentence_is_removed(tmp_path):
    body = "活动由市文明办牵头（各区配合。），效果良好。"
    assert codes(tmp_path, body) == ["T118"]
    assert fixed_body(tmp_path / "f", body) == "活动由市文明办牵头（各区配合），效果良好。"


def test_a_bracket_after_the_sentence_may_end_with_a_full_stop(tmp_path):
    assert codes(tmp_path, "会议圆满结束。（本报记者整理。）") == []


# -- T119 ordinal forms --------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, right", [
    ("（二）、加强队伍建设", "（二）加强队伍建设"),
    ("2、规范信息报送", "2.规范信息报送"),
    ("一.统一思想认识", "一、统一思想认识"),
    ("三．压实责任", "三、压实责任"),
    ("（1）、细化清单。各单位要明确责任人。", "（1）细化清单。各单位要明确责任人。"),
    ("# 2、规范信息报送", "# 2.规范信息报送"),
])
def test_wrong_ordinals_take_the_gbt_9704_forms(tmp_path, written, right):
    body = f"{written}\n\n各单位要严格执行报送制度。"
    assert codes(tmp_path, body) == ["T119"]
    assert fixed_body(tmp_path / "f", body) == f"{right}\n\n各单位要严格执行报送制度。"


def test_right_ordinals_and_ordinals_inside_a_paragraph_pass(tmp_path):
    body = "一、强化领导\n\n（一）压实责任\n\n1.明确分工。\n\n（1）细化清单。\n\n一是抓学习，二是抓落实，共3、4家单位。"
    assert codes(tmp_path, body) == []


# -- T120 nested quotes ----------------------------------------------------------------------------------------

def test_ascii_quotes_nested_in_double_quotes_become_single_quotes(tmp_path):
    body = "开展“学习'二十大'精神”活动。"
    assert codes(tmp_path, body) == ["T120"]
    assert fixed_body(tmp_path / "f", body) == "开展“学习‘二十大’精神”活动。"


def test_apostrophes_and_right_nesting_pass(tmp_path):
    assert codes(tmp_path, "领悟“‘两个确立’的意义”，学习“Xi'an经验”。") == []


# -- T121 range marks ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, right", [
    ("展览时间为5月10日-5月20日。", "展览时间为5月10日—5月20日。"),
    ("配备3~5名网格员。", "配备3～5名网格员。"),
    ("2021-2023年累计投入。", "2021—2023年累计投入。"),
    ("控制在200－300人。", "控制在200～300人。"),
])
def test_hyphen_and_tilde_ranges_take_dash_or_wave(tmp_path, written, right):
    assert codes(tmp_path, written) == ["T121"]
    assert fixed_body(tmp_path / "f", written) == right


@pytest.mark.parametrize("body", ["电话：0532-85911016。", "依据GB/T 15834-2011《标点符号用法》。", "控制在50～80人。",
                                  "3月1日—3月5日。", "型号为C-919客机。"])
def test_phone_numbers_standards_and_right_ranges_pass(tmp_path, body):
    assert codes(tmp_path, body) == []


# -- T122 final full stop ---------------------------------------------------------------------------------------------

def test_last_paragraph_without_a_final_mark_gets_a_full_stop(tmp_path):
    body = "会议强调，要高度重视。\n\n下一步，我们将持续巩固成果"
    found = findings(tmp_path, body)
    assert [c for c, *_ in found] == ["T122"]
    assert fixed_body(tmp_path / "f", body) == body + "。"


def test_final_stop_is_checked_in_article_files_and_only_in_article_bodies(tmp_path):
    (tmp_path / "series.toml").write_text('name = "简报"\nissuer = "办公室"\n', encoding="utf-8")
    (tmp_path / "2024-01.toml").write_text(
        'number = 1\ndate = 2024-01-05\neditor_note = "本期聚焦，基层经验"\n\n[[articles]]\nfile = "a.toml"\n',
        encoding="utf-8")
    (tmp_path / "a.toml").write_text('id = "a"\ntitle = "会议召开"\nbody = "会议要求，各单位抓好落实"\n',
                                     encoding="utf-8")
    found = [(d.code, d.path.name) for d in validate_paths([tmp_path]).diagnostics if d.code == "T122"]
    assert found == [("T122", "a.toml")]  # the article file's body, not the issue's editor note


@pytest.mark.parametrize("body", ["会议强调，要高度重视。\n\n青岛市文明办\n\n2023年8月14日", "他说：“办得很成功！”",
                                  "这项工作你们落实了吗？", "会议强调，要高度重视。\n\n# 三、下一步打算"])
def test_signatures_dates_and_other_final_marks_pass(tmp_path, body):
    assert codes(tmp_path, body) == []


# -- false alarms and wrong fixes of the older checks ------------------------------------------------

@pytest.mark.parametrize("body", [
    "通过bilibili、抖音发布，在Gitee上提交issue，引入deepseek模型。",  # shipped names
    "在视频号（ID：qdwenming）发布，搜索用户名：qingdaofabu绑定。",  # an id after its label
    "推荐书目：9、kimi 10、dino。".replace(" ", ""),  # list entries
])
def test_latin_names_by_list_and_context_are_not_stray_words(tmp_path, body):
    assert "T103" not in codes(tmp_path, body)


def test_an_english_word_beside_a_name_is_still_reported(tmp_path):
    assert codes(tmp_path, "各单位要及时update工作台账。") == ["T103"]


def test_part_of_speech_beside_an_english_gloss_is_not_a_chinese_bracket(tmp_path):
    assert codes(tmp_path, "收录resilience (n.)韧性等词条。") == []
    assert codes(tmp_path / "zh", "各社区(村)建立台账。") == ["T101"]


def test_heading_typed_without_a_marker_is_not_a_broken_paragraph(tmp_path):
    assert codes(tmp_path, "一、强化组织领导\n\n各单位要高度重视。\n\n（二）创新方式\n\n要用好短视频。") == []
    # a long paragraph that opens with an ordinal and breaks off is still a broken line
    assert codes(tmp_path / "b", "一、各单位要把宣传工作摆上重要议程，进一步健全\n\n工作机制。") == ["T107"]


def test_space_before_an_email_address_or_url_stays(tmp_path):
    body = "请发送至邮箱 fzgh@qd.gov.cn，或访问 https://www.qingdao.gov.cn 查询。"
    assert codes(tmp_path, body) == []
    assert fixed_body(tmp_path / "f", body) == body


def test_percentage_then_halfwidth_full_stop(tmp_path):
    assert codes(tmp_path, "满意度达到96.5%.") == ["T101"]
    assert fixed_body(tmp_path / "f", "满意度达到96.5%.") == "满意度达到96.5%。"


@pytest.mark.parametrize("written, right", [
    ("增长３．８％。", "增长3.8%。"),
    ("上午９：３０召开。", "上午9:30召开。"),
    ("依据ＧＢ／Ｔ标准。", "依据GB/T标准。"),
    ("增长3．8％。", "增长3.8%。"),  # what the older fix left behind
])
def test_fullwidth_number_is_normalised_as_a_whole(tmp_path, written, right):
    assert codes(tmp_path, written) == ["T108"]
    assert fixed_body(tmp_path / "f", written) == right


def test_a_fullwidth_colon_beside_halfwidth_digits_stays(tmp_path):
    assert codes(tmp_path, "比分定格在3：1。") == []


# -- fixes change only what they claim to fix ---------------------------------------------------------------

_PIECES = ["会议", "的", "的的", "，", ",", "、", "。", "；", "“", "”", "'", "《", "》", "（", "）", "(", ")", "—",
           "——", "-", "~", "～", " ", "\u3000", "3", "2023", "月", "日", "人", "等", "%", ".", "３", "．", "％",
           "：", "一", "二", "（二）、", "2、", "一.", "宣讲", "展览", "\n\n", "fzgh@qd.cn", "update", "**", "# "]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=20).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=_TEXTS, title=_TEXTS)
def test_every_fix_stays_inside_what_its_finding_reports(body, title):
    """A finding reports a span of the string; its fix replaces characters inside that span (or
    inserts at its edge) and nothing else, and applying it changes the string only there."""
    import tempfile
    from unittest import mock

    from bulletin_cli.checks.rules import RuleContext

    seen = []
    original = RuleContext.report

    def recording(self, field, message, *, index=None, length=0, hint="", fix=None):
        if fix is not None:
            seen.append((self.rule.code, field.value, index, length, fix))
        return original(self, field, message, index=index, length=length, hint=hint, fix=fix)

    with tempfile.TemporaryDirectory() as folder, mock.patch.object(RuleContext, "report", recording):
        write_issue(Path(folder), body or "文。", title=title.replace("\n", "") or "题")
        validate_paths([Path(folder)])
    for code, value, index, length, fix in seen:
        assert index is not None, code
        assert index <= fix.offset and fix.offset + fix.length <= index + length, (code, value, index, length, fix)
        fixed = value[:fix.offset] + fix.replacement + value[fix.offset + fix.length:]
        assert fixed[:fix.offset] == value[:fix.offset]
        assert fixed[len(fixed) - (len(value) - fix.offset - fix.length):] == value[fix.offset + fix.length:]
        assert fixed != value, (code, value, fix)
