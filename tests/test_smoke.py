from conftest import EXAMPLE_ISSUES


def test_examples_validate_clean(cli):
    result = cli(["validate", "examples"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout
    assert len(EXAMPLE_ISSUES) >= 2
