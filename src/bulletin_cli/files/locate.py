"""Where a key or value sits in TOML source: line and column for diagnostics.

The TOML parser gives values but no positions, so this scanner reads the (already valid) source
once more and maps every key path to the offset of its key and of its value. It runs only
when a diagnostic needs a position, so a clean file never pays for it.
Key paths use list indexes for arrays and arrays of tables: ``("articles", 2, "title")``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

KeyPath = tuple  # tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_WS = " \t"


@dataclass(frozen=True)
class ValueSpan:
    start: int
    end: int
    kind: str  # "basic", "literal", "ml-basic", "ml-literal", "array", "table", "scalar"


def comment_after(text: str, offset: int) -> str:
    """The comment (without '#') on the line of ``offset``, after it; strings are skipped."""
    i, quote = offset, ""
    while i < len(text) and text[i] != "\n":
        char = text[i]
        if quote:
            if char == "\\" and quote == '"':
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            return text[i + 1:text.find("\n", i) if "\n" in text[i:] else len(text)].strip()
        i += 1
    return ""


class TomlLocator:
    def __init__(self, text: str):
        self.text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.keys: dict[KeyPath, int] = {}
        self.values: dict[KeyPath, ValueSpan] = {}
        self.tables: dict[KeyPath, int] = {}
        self._aot_counts: dict[KeyPath, int] = {}
        self._aot_latest: dict[tuple, int] = {}
        # decoded offsets per string: a body with a thousand findings is decoded once, not a
        # thousand times (that made positions cost quadratic time)
        self._decoded: dict[ValueSpan, list[int]] = {}
        self._scan()

    # -- positions ---------------------------------------------------------------

    def line_column(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def key_position(self, key_path: KeyPath) -> tuple[int, int]:
        """The key itself (for unknown keys), else the nearest enclosing key or table header."""
        path = tuple(key_path)
        while path:
            if path in self.keys:
                return self.line_column(self.keys[path])
            if path in self.tables:
                return self.line_column(self.tables[path])
            if path in self.values:
                return self.line_column(self.values[path].start)
            path = path[:-1]
        return 1, 1

    def value_position(self, key_path: KeyPath) -> tuple[int, int]:
        path = tuple(key_path)
        if path in self.values:
            return self.line_column(self.values[path].start)
        return self.key_position(path)

    def value_span(self, key_path: KeyPath) -> ValueSpan | None:
        return self.values.get(tuple(key_path))

    def string_offset(self, key_path: KeyPath, index: int) -> int | None:
        """Source offset of character ``index`` of the decoded string value at ``key_path``."""
        span = self.values.get(tuple(key_path))
        if span is None or span.kind not in ("basic", "literal", "ml-basic", "ml-literal"):
            return None
        offsets = self._decoded_offsets(span)
        if index < len(offsets):
            return offsets[index]
        return offsets[-1] + 1 if offsets else span.start

    def string_source_spans(self, key_path: KeyPath) -> tuple[ValueSpan, list[tuple[int, int]]] | None:
        """The string's span, and for each decoded character the source range [start, end) it is written as."""
        span = self.values.get(tuple(key_path))
        if span is None or span.kind not in ("basic", "literal", "ml-basic", "ml-literal"):
            return None
        escapes = span.kind in ("basic", "ml-basic")
        ranges = []
        for start in self._decoded_offsets(span):
            length = 1
            if escapes and self.text[start] == "\\":
                length = {"u": 6, "U": 10, "x": 4}.get(self.text[start + 1], 2)
            ranges.append((start, start + length))
        return span, ranges

    def string_position(self, key_path: KeyPath, index: int) -> tuple[int, int]:
        offset = self.string_offset(key_path, index)
        return self.line_column(offset) if offset is not None else self.value_position(key_path)

    def _decoded_offsets(self, span: ValueSpan) -> list[int]:
        """For each character of the decoded string, the source offset it came from."""
        offsets = self._decoded.get(span)
        if offsets is None:
            offsets = self._decoded[span] = self._decode_offsets(span)
        return offsets

    def _decode_offsets(self, span: ValueSpan) -> list[int]:
        text = self.text
        quote = 3 if span.kind.startswith("ml-") else 1
        i, end = span.start + quote, span.end - quote
        escapes = span.kind in ("basic", "ml-basic")
        if span.kind.startswith("ml-") and text.startswith("\n", i):
            i += 1  # a newline right after the opening quotes is not part of the value
        out: list[int] = []
        while i < end:
            char = text[i]
            if escapes and char == "\\":
                nxt = text[i + 1] if i + 1 < end else ""
                if nxt in " \t\n" and span.kind == "ml-basic":
                    # line-ending backslash: skip the newline and following whitespace
                    j = i + 1
                    while j < end and text[j] in " \t\n":
                        j += 1
                    i = j
                    continue
                if nxt == "u":
                    out.append(i)
                    i += 6
                elif nxt == "U":
                    out.append(i)
                    i += 10
                elif nxt == "x":
                    out.append(i)
                    i += 4
                else:
                    out.append(i)
                    i += 2
                continue
            out.append(i)
            i += 1
        return out

    # -- scanning ------------------------------------------------------------------

    def _skip_ws(self, i: int, newlines: bool = False) -> int:
        text, n = self.text, len(self.text)
        while i < n:
            char = text[i]
            if char in _WS or (newlines and char == "\n"):
                i += 1
            elif char == "#" and newlines:
                nl = text.find("\n", i)
                i = n if nl < 0 else nl
            else:
                break
        return i

    def _key(self, i: int) -> tuple[list[str], list[int], int]:
        """A dotted key at ``i``: its parts, each part's offset, and the index after it."""
        text = self.text
        parts, starts = [], []
        while True:
            i = self._skip_ws(i)
            starts.append(i)
            char = text[i] if i < len(text) else ""
            if char == '"':
                j = i + 1
                while text[j] != '"':
                    j += 2 if text[j] == "\\" else 1
                import json

                parts.append(json.loads(text[i : j + 1].replace("\\U", "\\u"), strict=False) if "\\U" not in text[i:j] else text[i + 1 : j])
                i = j + 1
            elif char == "'":
                j = text.index("'", i + 1)
                parts.append(text[i + 1 : j])
                i = j + 1
            else:
                match = _BARE_KEY.match(text, i)
                if not match:
                    raise ValueError(f"no key at offset {i}")
                parts.append(match.group())
                i = match.end()
            i = self._skip_ws(i)
            if i < len(text) and text[i] == ".":
                i += 1
                continue
            return parts, starts, i

    def _resolve(self, parts: list[str]) -> KeyPath:
        """A header's key parts with the current index of each array of tables inserted."""
        out: list = []
        bare: list = []
        for part in parts:
            out.append(part)
            bare.append(part)
            latest = self._aot_latest.get(tuple(bare))
            if latest is not None:
                out.append(latest)
        return tuple(out)

    def _scan(self) -> None:
        text, n = self.text, len(self.text)
        current: KeyPath = ()
        i = 0
        while True:
            i = self._skip_ws(i, newlines=True)
            if i >= n:
                return
            if text.startswith("[[", i):
                parts, starts, j = self._key(i + 2)
                parent = self._resolve(parts[:-1])
                slot = parent + (parts[-1],)
                index = self._aot_counts.get(slot, -1) + 1
                self._aot_counts[slot] = index
                self._aot_latest[tuple(parts)] = index
                # forget indexes of arrays nested in the previous element
                for bare in [b for b in self._aot_latest if len(b) > len(parts) and b[: len(parts)] == tuple(parts)]:
                    del self._aot_latest[bare]
                current = slot + (index,)
                self.keys.setdefault(slot, starts[-1])
                self.tables[current] = i
                i = text.index("]]", j) + 2
            elif text[i] == "[":
                parts, starts, j = self._key(i + 1)
                current = self._resolve(parts)
                self.tables[current] = i
                self.keys.setdefault(current, starts[-1])
                i = text.index("]", j) + 1
            else:
                i = self._key_value(i, current)

    def _key_value(self, i: int, base: KeyPath) -> int:
        parts, starts, i = self._key(i)
        path = base
        for part, start in zip(parts, starts):
            path = path + (part,)
            self.keys.setdefault(path, start)
        i = self._skip_ws(i)
        assert self.text[i] == "=", f"expected '=' at offset {i}"
        i = self._skip_ws(i + 1)
        return self._value(i, path)

    def _value(self, i: int, path: KeyPath) -> int:
        text = self.text
        if text.startswith('"""', i) or text.startswith("'''", i):
            delim = text[i : i + 3]
            j = i + 3
            while True:
                if delim == '"""' and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(delim, j):
                    end = j + 3
                    while end < len(text) and text[end] == delim[0] and end - j < 5:
                        end += 1
                    break
                j += 1
            kind = "ml-basic" if delim == '"""' else "ml-literal"
            self.values[path] = ValueSpan(i, end, kind)
            return end
        char = text[i]
        if char == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            self.values[path] = ValueSpan(i, j + 1, "basic")
            return j + 1
        if char == "'":
            j = text.index("'", i + 1)
            self.values[path] = ValueSpan(i, j + 1, "literal")
            return j + 1
        if char == "[":
            j, index = i + 1, 0
            while True:
                j = self._skip_ws(j, newlines=True)
                if text[j] == "]":
                    break
                j = self._value(j, path + (index,))
                index += 1
                j = self._skip_ws(j, newlines=True)
                if text[j] == ",":
                    j += 1
            self.values[path] = ValueSpan(i, j + 1, "array")
            return j + 1
        if char == "{":
            j = self._skip_ws(i + 1)
            while text[j] != "}":
                j = self._key_value(j, path)
                j = self._skip_ws(j)
                if text[j] == ",":
                    j = self._skip_ws(j + 1)
            self.values[path] = ValueSpan(i, j + 1, "table")
            return j + 1
        match = re.compile(r"[^,\]\}\n#]*").match(text, i)
        end = i + len(match.group().rstrip())
        self.values[path] = ValueSpan(i, end, "scalar")
        return end
