"""XML round trip on the synthetic series: export, schema check, validate, import.

    python benchmarks/bench_xml.py [--issues 300]

Measured in this process, serially, per issue: rendering the XML (including the in-process
schema check every export does), reading an XML issue back (parse, schema, model), and
`bulletin import` (reading, writing the TOML and loading it again to compare). Then
`bulletin validate` on the folder of XML files. Every round trip is checked to give the
same model, so the figures are for work that really happened.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=300)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from synthetic import write_series

    from bulletin_cli import api
    from bulletin_cli.formats.exporter import ExportOptions
    from bulletin_cli.operations.import_xml import differences, to_toml
    from bulletin_cli.formats.xml.reader import read_xml_issue
    from bulletin_cli.formats.xml.writer import render_xml
    from bulletin_cli.operations.validate import validate_paths

    with tempfile.TemporaryDirectory(prefix="bench-xml-") as temporary:
        work = Path(temporary)
        issues = api.load_many([write_series(work / "series", issues=args.issues, seed=0)])
        out = work / "xml"
        out.mkdir()
        n = len(issues)

        started = time.perf_counter()
        texts = [render_xml(issue, ExportOptions()) for issue in issues]
        render_s = time.perf_counter() - started
        files = []
        for index, text in enumerate(texts):
            path = out / f"{index:04d}.xml"
            path.write_text(text, encoding="utf-8")
            files.append(path)
        size = sum(p.stat().st_size for p in files)

        started = time.perf_counter()
        read = [read_xml_issue(path) for path in files]
        read_s = time.perf_counter() - started
        assert all(not diagnostics and differences(issue, original) == []
                   for (issue, diagnostics), original in zip(read, issues))

        started = time.perf_counter()
        for issue, _ in read:
            to_toml(issue, None)
        import_s = time.perf_counter() - started

        started = time.perf_counter()
        result = validate_paths([out])
        validate_s = time.perf_counter() - started
        assert len(result.issues) == n

    print(f"# XML round trip: {n} synthetic issues, {size / n / 1024:.1f} KiB of XML per issue, Python "
          f"{sys.version.split()[0]}")
    for label, seconds in (("render + schema check", render_s), ("read back (parse, schema, model)", read_s),
                           ("import to TOML (write, reload, compare)", import_s),
                           ("bulletin validate on the XML folder", validate_s)):
        print(f"{label:40} {seconds:6.2f} s = {seconds / n * 1000:6.2f} ms per issue, {n / seconds:5.0f} issues/s")


if __name__ == "__main__":
    main()
