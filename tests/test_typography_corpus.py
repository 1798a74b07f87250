"""The text checks measured on a corpus of editors' sentences (tests/data/typography_corpus.toml).

Half the sentences are correct official text with constructs that must pass, half hold one
fault each. Every sentence is the body of its own article in one issue; precision and recall
are counted over (sentence, code) pairs: a code reported on a sentence that does not expect
it is a false alarm, an expected code not reported is a miss.
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

import tomli_w

from bulletin_cli.operations.validate import validate_paths

CORPUS = Path(__file__).parent / "data" / "typography_corpus.toml"
PRECISION_TARGET = 0.95
RECALL_TARGET = 0.90


def load_corpus() -> list[dict]:
    with CORPUS.open("rb") as handle:
        return tomllib.load(handle)["case"]


def reported_codes(folder: Path, cases: list[dict]) -> list[set[str]]:
    """The text-check codes reported on each case's body."""
    (folder / "series.toml").write_text('name = "宣传信息专报"\nissuer = "中共青岛市委宣传部"\n', encoding="utf-8")
    issue = folder / "2023-06.toml"
    articles = [{"id": f"c{n}", "title": "工作动态", "body": case["text"]} for n, case in enumerate(cases)]
    issue.write_text(tomli_w.dumps({"number": 6, "date": datetime.date(2023, 8, 14), "articles": articles},
                                   multiline_strings=True), encoding="utf-8")
    found: list[set[str]] = [set() for _ in cases]
    for diagnostic in validate_paths([folder]).diagnostics:
        path = diagnostic.key_path
        if diagnostic.code.startswith("T") and len(path) >= 3 and path[0] == "articles" and path[2] == "body":
            found[path[1]].add(diagnostic.code)
    return found


def measure(folder: Path) -> tuple[float, float, list[str]]:
    cases = load_corpus()
    true_positive = false_positive = false_negative = 0
    wrong: list[str] = []
    for case, got in zip(cases, reported_codes(folder, cases)):
        expected = set(case["codes"])
        true_positive += len(got & expected)
        false_positive += len(got - expected)
        false_negative += len(expected - got)
        if got != expected:
            wrong.append(f"{case['text']!r}: expected {sorted(expected)}, got {sorted(got)}")
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 1.0
    recall = true_positive / (true_positive + false_negative) if true_positive + false_negative else 1.0
    return precision, recall, wrong


def test_corpus_is_balanced_and_annotated():
    cases = load_corpus()
    faulty = [case for case in cases if case["codes"]]
    assert len(cases) >= 80 and abs(len(cases) - 2 * len(faulty)) <= 4
    assert all(len(case["codes"]) == 1 for case in faulty), "one fault a sentence"
    assert len({case["text"] for case in cases}) == len(cases)


def test_text_checks_meet_precision_and_recall_on_the_corpus(tmp_path, capsys):
    precision, recall, wrong = measure(tmp_path)
    with capsys.disabled():
        print(f"\ntypography corpus: precision {precision:.3f}, recall {recall:.3f}, {len(wrong)} sentences wrong")
        for line in wrong:
            print("  " + line)
    assert precision >= PRECISION_TARGET and recall >= RECALL_TARGET, "\n".join(wrong)
