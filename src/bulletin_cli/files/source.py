"""Reading issue files: bytes to text, with clear answers for the ways that goes wrong.

UTF-8 is required; a UTF-8 BOM and CRLF line ends are accepted. A file in GB18030/GBK
(common in Chinese offices) or another encoding is named, with the command that converts
it. Empty and binary files get their own message.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

_TOML_ERROR_POSITION = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)\s*$", re.S)
_TOML_ERROR_EOF = re.compile(r"^(?P<msg>.*?)\s*\(at end of document\)\s*$", re.S)


@dataclass(frozen=True)
class SourceProblem:
    code: str
    message: str
    hint: str = ""
    line: int = 1
    column: int = 1


def _position_of_byte(data: bytes, index: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, index) + 1
    start = data.rfind(b"\n", 0, index) + 1
    column = len(data[start:index].decode("utf-8", errors="replace")) + 1
    return line, column


_TEXT_BYTES = bytes([9, 10, 12, 13, 27, *range(32, 256)])


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return True
    sample = data[:8192]
    controls = len(sample.translate(None, _TEXT_BYTES))
    return controls > max(8, len(sample) // 20)


def _utf16_without_bom(data: bytes) -> str | None:
    """utf-16-le or utf-16-be when ``data`` reads as UTF-16 text with no BOM (Windows tools
    write it), by where the zero bytes of ASCII characters fall."""
    sample = data[:8192]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for encoding, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= len(zeros) // 2 and other.count(0) <= len(other) // 20:
            try:
                data[: len(data) - len(data) % 2].decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


def _guess_encoding(data: bytes) -> str | None:
    for encoding in ("gb18030", "big5", "shift_jis"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" or any("\u4e00" <= c <= "\u9fff" for c in text):
            return encoding
    return None


_ENCODING_NAMES = {"gb18030": "GB18030/GBK", "big5": "Big5", "shift_jis": "Shift_JIS", "utf-16": "UTF-16",
                  "utf-16-le": "UTF-16 (little-endian, without a BOM)",
                  "utf-16-be": "UTF-16 (big-endian, without a BOM)"}


def decode_source(data: bytes, path: Path | None = None) -> tuple[str | None, SourceProblem | None]:
    """The file's text with BOM dropped and line ends made LF, or the problem that prevents it."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return None, _not_utf8("utf-16", path, 1, 1)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if not data.strip():
        return None, SourceProblem(
            "F102",
            "the file is empty",
            "an issue needs at least `number`, `date` and one [[articles]] table; "
            "`bulletin new FOLDER` writes a complete one",
        )
    if utf16 := _utf16_without_bom(data):
        return None, _not_utf8(utf16, path, 1, 1)
    if _looks_binary(data):
        return None, SourceProblem(
            "F103",
            "this is a binary file, not a TOML text file",
            "issue files are UTF-8 text; was a .docx, .pdf or image saved with a .toml name?",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position_of_byte(data, error.start)
        return None, _not_utf8(_guess_encoding(data), path, line, column)
    return text.replace("\r\n", "\n"), None


def _not_utf8(encoding: str | None, path: Path | None, line: int, column: int) -> SourceProblem:
    name = str(path) if path else "FILE"
    if encoding is None:
        return SourceProblem(
            "F101",
            "the file is not UTF-8 and its encoding is not recognised",
            "save it as UTF-8 from your editor",
            line,
            column,
        )
    label = _ENCODING_NAMES.get(encoding, encoding)
    return SourceProblem(
        "F101",
        f"the file is not UTF-8; it looks like {label}",
        f"convert it: iconv -f {encoding.upper()} -t UTF-8 {name} > converted.toml "
        f"(or in your editor, save as UTF-8)",
        line,
        column,
    )


def read_source(path: Path) -> tuple[str | None, SourceProblem | None]:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        return None, SourceProblem("F105", "this is a folder, not a file")
    except OSError as error:
        return None, SourceProblem("F105", f"cannot read the file: {error.strerror or error}")
    return decode_source(data, path)


def parse_toml(text: str) -> tuple[dict | None, SourceProblem | None]:
    import tomli

    try:
        return tomli.loads(text), None
    except RecursionError:  # tomli refuses arrays and inline tables nested over 400 deep
        line, column = _too_deep(text)
        return None, SourceProblem("F104", f"TOML syntax: arrays or inline tables nested more than {_MAX_NESTING} deep",
                                   "a bulletin needs at most a few levels; close the brackets sooner", line, column)
    except tomli.TOMLDecodeError as error:
        message = str(error)
        line = column = 1
        match = _TOML_ERROR_POSITION.match(message)
        if match:
            message, line, column = match["msg"], int(match["line"]), int(match["col"])
        else:
            eof = _TOML_ERROR_EOF.match(message)
            if eof:
                message = eof["msg"]
                line = text.count("\n") + 1
                column = len(text.rsplit("\n", 1)[-1]) + 1
        return None, SourceProblem("F104", f"TOML syntax: {message[:1].lower() + message[1:]}",
                                   _toml_hint(message), line, column)


_MAX_NESTING = 400  # tomli's limit


def _too_deep(text: str) -> tuple[int, int]:
    """Line and column of the bracket that opens level _MAX_NESTING + 1 (strings and comments skipped)."""
    depth, i, n = 0, 0, len(text)
    while i < n:
        char = text[i]
        if char in "\"'":
            triple = text.startswith(char * 3, i)
            close = text.find(char * 3 if triple else char, i + (3 if triple else 1))
            while char == '"' and close > 0 and text[close - 1] == "\\":  # an escaped quote
                close = text.find(char * 3 if triple else char, close + 1)
            if close < 0:
                break
            i = close + (3 if triple else 1)
            continue
        if char == "#":
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
            continue
        if char in "[{":
            depth += 1
            if depth > _MAX_NESTING:
                break
        elif char in "]}":
            depth -= 1
        i += 1
    before = text[:i]
    return before.count("\n") + 1, i - (before.rfind("\n") + 1) + 1


def _toml_hint(message: str) -> str:
    lowered = message.lower()
    if "cannot overwrite a value" in lowered or "cannot declare" in lowered:
        return "each key may appear once per table; use [[articles]] to start another article"
    if "invalid date" in lowered or "invalid datetime" in lowered:
        return "write a real date as a bare TOML date: date = 2023-08-14"
    if "unclosed" in lowered or "end of document" in lowered:
        return 'a string or bracket is not closed; multi-line text goes between """ and """'
    if "invalid value" in lowered:
        return 'text values need quotes: title = "…", bodies use """ … """'
    return ""
