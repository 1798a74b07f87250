"""One submitted article (信息报送): the lines of a piece a unit sends, as one Article.

A piece is usually just its title, an optional ``——`` subtitle, a ``（单位）`` or ``作者：`` line
(under the title or closing the piece) and the body: no masthead, no colophon. A first line
``〔经验交流〕`` or ``栏目：经验交流`` names the column the unit meant. A file that carries a
whole bulletin's masthead (a ``第N期`` line near the top) is recognised as a bulletin; its one
article is taken and the rest (masthead, contents, colophon) left out, which the report says.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from bulletin_cli.formats.plaintext.anatomy import _AUTHOR, _SOURCE, _block, _body, _read_body, recognise
from bulletin_cli.formats.plaintext.masthead import is_issue_line
from bulletin_cli.formats.plaintext.paragraphs import find_cuts, join_page_splits, page_period
from bulletin_cli.formats.plaintext.reader import Guess, Line, display_width
from bulletin_cli.formats.plaintext.units import COLUMN, make_units
from bulletin_cli.model.issue import Article

_COLUMN_LINE = re.compile(r"^(?:拟报栏目|投稿栏目|栏目|Column)[：:]\s*(?P<name>\S.{0,19})$", re.I)
_UNIT_LINE = re.compile(r"^(?:报送单位|供稿单位|来稿单位|投稿单位|单位|来源|供稿)[：:]\s*(?P<s>\S.{0,39})$")
_TITLE_AND_SUBTITLE = re.compile(r"^(?P<title>[^。！？；：，]{4,40}?)\s*(?P<dash>——|--)\s*(?P<subtitle>\S.{1,60})$")
_CONTACT = re.compile(r"^(?:联系人|联系电话|电话|手机|联系方式|邮箱|电子邮箱|E-?mail|Contact|Phone|Tel)[：:.]", re.I)
_MASTHEAD_REACH = 12  # a masthead's issue line is among the first lines of a bulletin


@dataclass
class Piece:
    article: Article
    column: str | None = None  # the column the piece names itself (〔栏目〕 / 栏目：…)
    bulletin: str = ""  # the masthead's name and number when the file is a whole bulletin
    # lines for the editors, not printed (联系人：…, 电话：…): kept as comments beside the article
    contact: tuple[str, ...] = ()


def _is_empty(lines: list[Line | None]) -> bool:
    return not any(line is not None and line.text != "\x00rule" and line.text.strip() for line in lines)


def _column_named(lines: list[Line | None], guesses: list[Guess]) -> tuple[list[Line | None], str | None]:
    """The piece's own column line, taken out of the lines."""
    for index, line in enumerate(lines):
        if line is None or line.text == "\x00rule":
            continue
        match = COLUMN.match(line.text) or _COLUMN_LINE.match(line.text)
        if not match:
            return lines, None
        name = match["name"].strip()
        guesses.append(Guess(line.number, "column the piece names", 0.8, name))
        return lines[:index] + [None] + lines[index + 1:], name
    return lines, None


def _first_line_as_title(lines: list[Line | None], guesses: list[Guess]) -> list[Line | None]:
    """``标题——副标题`` on one line (typed so, or joined by a PDF's paragraphs): the title and its subtitle.
    A first line in a Heading style (Word) is the title too: a piece has no title above it."""
    for index, line in enumerate(lines):
        if line is None or line.text == "\x00rule":
            continue
        if line.hint.startswith("heading") and len(line.text) <= 70:  # a title set in Word's Heading style
            guesses.append(Guess(line.number, f"the first line, in a {line.hint[:-1]} {line.hint[-1]} style, is the "
                                 "title", 0.8, line.text[:24]))
            line = dataclasses.replace(line, hint="title")
            lines = lines[:index] + [line] + lines[index + 1:]
        match = _TITLE_AND_SUBTITLE.match(line.text)
        if not match or line.hint not in ("", "title"):
            return lines
        guesses.append(Guess(line.number, "title and subtitle on one line, split at the dash", 0.7, match["title"]))
        title = dataclasses.replace(line, text=match["title"])
        subtitle = dataclasses.replace(line, text=match["dash"] + match["subtitle"], hint="")
        return lines[:index] + [title, None, subtitle] + lines[index + 1:]
    return lines


def _has_masthead(lines: list[Line | None]) -> bool:
    first = [line for line in lines if line is not None and line.text != "\x00rule"][:_MASTHEAD_REACH]
    return any(is_issue_line(line.text) for line in first)


def _paragraph_a_line(lines: list[Line | None]) -> list[Line | None]:
    """Each line a unit of its own (a title set over two lines stays together)."""
    out: list[Line | None] = []
    for line in lines:
        previous = out[-1] if out else None
        if line is not None and previous is not None and not (line.hint == previous.hint == "title"):
            out.append(None)
        out.append(line)
    return out


def recognise_piece(lines: list[Line | None], guesses: list[Guess], language: str, *, markup: bool = False,
                    typed: bool | None = None, page_breaks_known: bool = False,
                    lines_are_paragraphs: bool = False) -> Piece:
    """The one article in ``lines``; ValueError (a sentence for the person) when there is none or more.
    ``lines_are_paragraphs``: the reader joined each paragraph into one line (PDF); it keeps close lines
    together before the first title, as a masthead's, which a piece without a masthead does not have."""
    if _is_empty(lines):
        raise ValueError("the piece is empty: there is no text in it")
    lines, column = _column_named(lines, guesses)
    if _has_masthead(lines):
        return _from_bulletin(lines, guesses, language, markup, typed, page_breaks_known, column)
    if lines_are_paragraphs:
        lines = _paragraph_a_line(lines)
    lines = _first_line_as_title(lines, guesses)
    if typed is None:
        typed = sum(1 for line in lines if line is not None and line.indent in (4, 5) and len(line.text) > 15) >= 3
    units = [u for u in make_units(lines, typed) if u.lines[0].text != "\x00rule"]
    position = 0.0
    for unit in units:
        position += max(1, -(-(display_width(unit.text) + 4) // 56))
        unit.position = position
    drafts, _, _, _, unplaced = _read_body(units, [], [], typed, guesses)
    contact: list[str] = []
    unplaced = _without_contact(unplaced, guesses, contact)
    first_title = drafts[0].line if drafts else None
    before = [(n, t) for n, t in unplaced if first_title is None or n < first_title]
    if not drafts or before:
        line, text = before[0] if before else (units[0].number if units else 0, units[0].text if units else "")
        raise ValueError(f"line {line}: no title found before this text ({text[:20]}…): a piece starts with its "
                         "title on a line of its own (short, without closing punctuation), then the body")
    after = [(n, t) for n, t in unplaced if first_title is not None and n > first_title]
    if after:
        line, text = after[0]
        raise ValueError(f"line {line}: text after the piece's source line ({text[:20]}…): a piece ends with its "
                         "（单位） line; is this a second article? Give each piece its own file")
    draft = drafts[0]
    for later in drafts[1:]:  # one piece, one article: a later "title" is an unnumbered heading in the body
        if (draft.source and later.source) or later.subtitle:
            raise ValueError(f"the text holds {len(drafts)} articles, each with its own source line (line "
                             f"{later.line}: {later.title[:20]}); give each piece its own file, or import a "
                             "whole bulletin with -o FOLDER/")
        guesses.append(Guess(later.line, "a short line between paragraphs read as an in-body heading (a piece "
                             "holds one article)", 0.5, later.title[:24]))
        heading = dataclasses.replace(draft.paragraphs[-1], text=later.title, line=later.line, heading=1,
                                      markup=False) if draft.paragraphs else None
        if heading is None:
            raise ValueError(f"line {later.line}: a second title right after the first; which is the title?")
        draft.paragraphs += [heading] + later.paragraphs
        draft.source = draft.source or later.source
    _source_under_title(draft, guesses)
    while draft.paragraphs and not draft.paragraphs[-1].markup and _CONTACT.match(draft.paragraphs[-1].text):
        guesses.append(Guess(draft.paragraphs[-1].line, "contact line for the editors, not printed: kept as a "
                             "comment above the article", 0.7, draft.paragraphs[-1].text[:24]))
        contact.insert(0, draft.paragraphs.pop().text)
    anchors = sorted(draft.paragraphs[i].position for i in find_cuts(draft.paragraphs, typed))
    paragraphs = draft.paragraphs if page_breaks_known else join_page_splits(
        draft.paragraphs, guesses, typed, anchors, page_period(anchors))
    if not paragraphs:
        raise ValueError(f"line {draft.line}: the piece has a title ({draft.title[:20]}) but no body text")
    body, notes = _body(paragraphs, markup, guesses)
    return Piece(Article(id="piece", title=draft.title, body=body, notes=notes, subtitle=draft.subtitle,
                         author=draft.author, source=draft.source,
                         editor_note=tuple(_block(t, 0, markup) for t in draft.note)), column,
                 contact=tuple(contact))


def _without_contact(unplaced: list[tuple[int, str]], guesses: list[Guess],
                     contact: list[str]) -> list[tuple[int, str]]:
    """联系人：… 电话：… after the source: for the editors, not printed; collected in ``contact``."""
    out = []
    for line, text in unplaced:
        if _CONTACT.match(text):
            guesses.append(Guess(line, "contact line for the editors, not printed: kept as a comment above the "
                                 "article", 0.7, text[:24]))
            contact.append(text)
        else:
            out.append((line, text))
    return out


def _source_under_title(draft, guesses: list[Guess]) -> None:
    """``（崂山区委宣传部）``, ``报送单位：…`` or ``作者：…`` right under the title (a piece sets its unit
    there as often as at its end): the source or author, not the first paragraph."""
    while draft.paragraphs and not draft.paragraphs[0].markup:
        text = draft.paragraphs[0].text
        source = _SOURCE.match(text) or _UNIT_LINE.match(text)
        author = _AUTHOR.match(text)
        if source and not draft.source:
            draft.source = source["s"].strip()
            guesses.append(Guess(draft.paragraphs[0].line, "source (the unit, under the title)", 0.8, draft.source))
        elif author and not draft.author:
            draft.author = author["a"].strip()
            guesses.append(Guess(draft.paragraphs[0].line, "author", 0.7, draft.author))
        else:
            return
        draft.paragraphs.pop(0)


def _from_bulletin(lines, guesses, language, markup, typed, page_breaks_known, column) -> Piece:
    recognised = recognise(lines, guesses, language, markup=markup, typed=typed, page_breaks_known=page_breaks_known)
    issue = recognised.issue
    shown = f"{issue.name} 第{issue.number}期" if issue.language == "zh-CN" else f"{issue.name}, issue {issue.number}"
    if len(issue.articles) != 1:
        raise ValueError(f"this is a whole bulletin ({shown}) with {len(issue.articles)} articles, not a piece: "
                         "--into adds the one article of a file; import the bulletin with -o FOLDER/, or save "
                         "each article as a file of its own")
    article = issue.articles[0]
    guesses.append(Guess(0, f"the file is a whole bulletin ({shown}): its one article is taken, the masthead"
                         + (", contents" if issue.declared_columns else "") + " and colophon are left out", 0.8))
    return Piece(dataclasses.replace(article, column=None), column or article.column, shown)
