import re

from conftest import EXAMPLE_ISSUES


def test_examples_validate_clean(cli):
    result = cli(["validate", "examples"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Found 0 errors and 3 warnings" in result.stderr
    # the seed's known noise (test_typography checks the exact positions), and nothing else
    findings = re.findall(r"^(\S+?):\d+:\d+: (\w+) (\w+)", result.stdout, re.M)
    assert sorted((path.rsplit("/", 1)[-1], severity, code) for path, severity, code in findings) == [
        ("2023-06.toml", "warning", "T103"),
        ("series.toml", "warning", "T101"),
        ("series.toml", "warning", "T101"),
    ]
    assert len(EXAMPLE_ISSUES) >= 2
