"""`bulletin validate --fix` and `--diff`: apply the safe fixes that rules attach to findings.

A Fix names characters of a decoded TOML string. Each one is narrowed to the characters
that actually change, mapped to their place in the source through the locator, and
written back escaped for the kind of string it sits in. Every other byte of the file stays
as it was: comments, spacing, quoting style, escapes, line ends and a byte order mark.
Before anything is written, the edited file is parsed again and must hold exactly the
old data with only the fixed strings changed; otherwise the file is left alone.

Fixes can uncover others (",," becomes "，，", then one "，"), so fixing runs in rounds
until nothing fixable is left. --diff runs the same rounds on a scratch copy of the
series folders and shows the difference, so it shows exactly what --fix would write.
"""

from __future__ import annotations

import codecs
import copy
import difflib
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import tomli

from bulletin_cli.diagnostics.codes import Diagnostic, Fix
from bulletin_cli.files.document import value_at
from bulletin_cli.files.locate import TomlLocator
from bulletin_cli.formats.toml.loader import SERIES_FILE, find_series_file
from bulletin_cli.operations.validate import ValidationResult, validate_paths
from bulletin_cli.operations.walking import SKIPPED_FOLDERS, expand_paths

MAX_ROUNDS = 5


@dataclass
class FixedFile:
    path: Path
    before: bytes
    after: bytes
    applied: int = 0

    def diff(self, label: str | None = None) -> str:
        name = label or self.path.as_posix()
        before = self.before.decode("utf-8", errors="replace").splitlines(keepends=True)
        after = self.after.decode("utf-8", errors="replace").splitlines(keepends=True)
        lines = difflib.unified_diff(before, after, fromfile=f"a/{name}", tofile=f"b/{name}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


@dataclass
class FixOutcome:
    files: list[FixedFile] = field(default_factory=list)  # files whose bytes changed
    result: ValidationResult | None = None  # what remains after fixing
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, why a fix could not be applied)

    @property
    def applied(self) -> int:
        return sum(f.applied for f in self.files)

    def diff(self) -> str:
        return "".join(f.diff() for f in self.files)


class FixError(Exception):
    """A file whose fixes could not be applied safely."""


# -- one file --------------------------------------------------------------------------------


def _assign(data: object, key_path: tuple, value: str) -> None:
    target = value_at(data, key_path[:-1])
    target[key_path[-1]] = value  # type: ignore[index]


def _is_control(char: str) -> bool:
    return ord(char) < 0x20 or ord(char) == 0x7F


def escape_for(text: str, kind: str) -> str | None:
    """``text`` as it must be written inside a TOML string of ``kind``; None when it cannot be."""
    if kind in ("literal", "ml-literal"):
        newline_ok = kind == "ml-literal"
        if any(_is_control(c) and c != "\t" and not (newline_ok and c == "\n") for c in text):
            return None
        if (kind == "literal" and "'" in text) or "'''" in text:
            return None
        return text
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\n" if kind == "ml-basic" else "\\n")
        elif char == "\t":
            out.append("\t")
        elif _is_control(char):
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return "".join(out)


def _narrow(value: str, fix: Fix) -> list[tuple[int, int, str]]:
    """The fix as edits of only the characters that change: (start, end, new text) in the value."""
    old = value[fix.offset:fix.offset + fix.length]
    matcher = difflib.SequenceMatcher(None, old, fix.replacement, autojunk=False)
    return [(fix.offset + i1, fix.offset + i2, fix.replacement[j1:j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def apply_fixes(raw: bytes, fixes: list[Fix]) -> tuple[bytes, int, list[str]]:
    """The file's new bytes, how many fixes were applied, and why others were not."""
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    try:
        source = raw[len(bom):].decode("utf-8")
        text = source.replace("\r\n", "\n")
        data = tomli.loads(text)
    except (UnicodeDecodeError, tomli.TOMLDecodeError) as error:
        raise FixError(f"the file changed and cannot be read any more ({error}); nothing was changed") from None
    newline = "\r\n" if "\r\n" in source else "\n"
    # normalized offset -> source offset: one more for every CR dropped before it
    dropped = [i - n for n, i in enumerate(i for i, c in enumerate(source) if c == "\r" and source.startswith("\r\n", i))]

    def to_source(offset: int) -> int:
        import bisect

        return offset + bisect.bisect_right(dropped, offset - 1) if dropped else offset

    locator = TomlLocator(text)
    expected = copy.deepcopy(data)
    skipped: list[str] = []
    edits: list[tuple[int, int, str]] = []  # source start, end, new source text
    applied = 0
    by_key: dict[tuple, list[Fix]] = defaultdict(list)
    for fix in fixes:
        by_key[tuple(fix.key_path)].append(fix)
    for key_path, field_fixes in by_key.items():
        value = value_at(data, key_path)
        located = locator.string_source_spans(key_path)
        if not isinstance(value, str) or located is None or len(located[1]) != len(value):
            skipped.append(f"{'.'.join(map(str, key_path))}: cannot locate the string")
            continue
        span, ranges = located
        taken: list[tuple[int, int]] = []
        field_edits: list[tuple[int, int, str]] = []
        for fix in sorted(field_fixes, key=lambda f: (f.offset, f.length)):
            narrowed = _narrow(value, fix)
            if any(a < e and s < b or (a == b == s == e) for a, b, _ in narrowed for s, e in taken):
                continue  # overlaps a fix already taken: the next round sees it again
            written = [escape_for(new, span.kind) for _, _, new in narrowed]
            if any(w is None for w in written):
                skipped.append(f"{'.'.join(map(str, key_path))}: the fix cannot be written in this kind of string")
                continue
            taken.extend((a, b) for a, b, _ in narrowed)
            field_edits.extend(narrowed)
            for (a, b, _), new_source in zip(narrowed, written):
                if a < b:
                    start, end = ranges[a][0], ranges[b - 1][1]
                else:
                    closing = span.end - (3 if span.kind.startswith("ml-") else 1)
                    start = end = ranges[a][0] if a < len(ranges) else (ranges[-1][1] if ranges else closing)
                edits.append((start, end, new_source.replace("\n", newline)))  # type: ignore[union-attr]
            applied += 1
        new_value = value
        for a, b, new in sorted(field_edits, reverse=True):
            new_value = new_value[:a] + new + new_value[b:]
        _assign(expected, key_path, new_value)
    if not edits:
        return raw, 0, skipped
    result = source
    for start, end, new in sorted(edits, reverse=True):
        result = result[:to_source(start)] + new + result[to_source(end):]
    try:
        check = tomli.loads(result.replace("\r\n", "\n"))
    except tomli.TOMLDecodeError as error:
        raise FixError(f"the fixed file would not be valid TOML ({error}); nothing was changed") from None
    if check != expected:
        raise FixError("the fixed file would hold other data than intended; nothing was changed")
    return bom + result.encode("utf-8"), applied, skipped


# -- rounds over files ---------------------------------------------------------------------

def _fixes_by_file(diagnostics: list[Diagnostic]) -> dict[Path, list[Fix]]:
    found: dict[Path, dict[tuple, Fix]] = defaultdict(dict)
    for d in diagnostics:
        if d.fix is not None and d.path is not None:
            fix = d.fix
            found[d.path][(tuple(fix.key_path), fix.offset, fix.length, fix.replacement)] = fix
    return {path: list(fixes.values()) for path, fixes in found.items()}


def fix_in_place(paths: list[Path]) -> FixOutcome:
    """Apply fixes to the files (atomically), round after round; then validate once more."""
    from bulletin_cli.files.atomic import write_atomic

    outcome = FixOutcome()
    originals: dict[Path, FixedFile] = {}
    result = validate_paths(paths)
    for _ in range(MAX_ROUNDS):
        plan = _fixes_by_file(result.diagnostics)
        changed = False
        for path, fixes in plan.items():
            if path.suffix.lower() != ".toml":
                outcome.skipped.append((path, "only TOML files are fixed"))
                continue
            before = path.read_bytes()
            try:
                after, applied, skipped = apply_fixes(before, fixes)
            except FixError as error:
                outcome.skipped.append((path, str(error)))
                continue
            outcome.skipped.extend((path, reason) for reason in skipped)
            if after != before:
                write_atomic(path, after)
                entry = originals.setdefault(path, FixedFile(path, before, after))
                entry.after = after
                entry.applied += applied
                changed = True
        if not changed:
            break
        result = validate_paths(paths)
    outcome.files = [f for f in originals.values() if f.before != f.after]
    outcome.result = result
    outcome.skipped = list(dict.fromkeys(outcome.skipped))
    return outcome


def _mirror_root(path: Path) -> tuple[Path, tuple[Path, ...] | None]:
    """What to copy so that a scratch copy of ``path`` validates like the original: a folder
    and the files in it to copy (None: every .toml file in the folder tree)."""
    if path.is_dir():
        series = find_series_file(path / SERIES_FILE)
        inside = series is not None and series.parent != path and path.is_relative_to(series.parent)
        return (series.parent if inside else path), None  # type: ignore[union-attr]
    series = path if path.name == SERIES_FILE else find_series_file(path)
    if series is not None:
        return series.parent, None
    # an issue standing alone: the file and the article files it names, not its whole folder
    return path.parent, (path, *_referenced_files(path))


def _referenced_files(path: Path) -> list[Path]:
    try:
        data = tomli.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
        return []
    articles = data.get("articles") if isinstance(data.get("articles"), list) else []
    found = []
    for entry in articles:
        reference = entry.get("file") if isinstance(entry, dict) else None
        if isinstance(reference, str):
            target = (path.parent / reference).resolve()
            if target.is_file() and target.is_relative_to(path.parent):
                found.append(target)
    return found


def _copy_tree(root: Path, files: tuple[Path, ...] | None, copy_root: Path) -> None:
    sources = files if files is not None else root.rglob("*.toml")
    for source in sources:
        relative = source.relative_to(root)
        if files is None and any(part in SKIPPED_FOLDERS or part.startswith(".") for part in relative.parts[:-1]):
            continue
        target = copy_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def preview(paths: list[Path]) -> FixOutcome:
    """What fix_in_place would do, computed on a scratch copy: nothing of the originals is written."""
    expand_paths(list(paths))  # a missing path is a usage error before anything is copied
    resolved = [p.resolve() for p in paths]
    wanted: dict[Path, set[Path] | None] = {}
    for path in resolved:
        root, files = _mirror_root(path)
        root = root.resolve()
        if files is None or wanted.get(root, set()) is None:
            wanted[root] = None
        else:
            wanted.setdefault(root, set()).update(files)  # type: ignore[union-attr]
    top: list[Path] = []
    for root in sorted(wanted, key=lambda r: len(r.parts)):
        if not any(root.is_relative_to(t) and wanted[t] is None for t in top):
            top.append(root)
    with tempfile.TemporaryDirectory(prefix="bulletin-fix-") as scratch:
        mapping: dict[Path, Path] = {}  # scratch root -> original root
        for n, root in enumerate(top):
            copy_root = Path(scratch) / str(n) / root.name
            files = wanted[root]
            _copy_tree(root, tuple(sorted(files)) if files is not None else None, copy_root)
            mapping[copy_root] = root

        def to_scratch(path: Path) -> Path:
            for copy_root, root in mapping.items():
                if path.is_relative_to(root):
                    return copy_root / path.relative_to(root)
            return path

        def to_original(path: Path) -> Path:
            absolute = path.resolve()
            for copy_root, root in mapping.items():
                if absolute.is_relative_to(copy_root.resolve()):
                    original = root / absolute.relative_to(copy_root.resolve())
                    return _relative_to_cwd(original)
            return path

        outcome = fix_in_place([to_scratch(p) for p in resolved])
        for fixed in outcome.files:
            fixed.path = to_original(fixed.path)
        if outcome.result is not None:
            for d in outcome.result.diagnostics:
                if d.path is not None:
                    d.path = to_original(d.path)
        outcome.skipped = [(to_original(path), reason) for path, reason in outcome.skipped]
    return outcome


def _relative_to_cwd(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
