"""The text checks' patterns compile when first used, and behave as compiled patterns."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys

from bulletin_cli.files.patterns import LazyPattern, lazy_compile


def test_lazy_pattern_answers_as_the_compiled_one():
    lazy = lazy_compile(r"(\d+)年", re.S)
    compiled = re.compile(r"(\d+)年", re.S)
    text = "2023年和2024年"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub(r"\1", text) == compiled.sub(r"\1", text)
    assert lazy.search(text).group(1) == "2023"
    assert (lazy.pattern, lazy.flags, lazy.groups) == (compiled.pattern, compiled.flags, compiled.groups)
    again = pickle.loads(pickle.dumps(lazy_compile("a+")))
    assert again.fullmatch("aaa")


def test_unknown_attribute_is_an_attribute_error_not_a_compile():
    lazy = LazyPattern("[")  # an invalid pattern: compiling it would raise re.error
    assert not hasattr(lazy, "no_such_method")
    try:
        lazy.search("x")
    except re.error:
        pass
    else:
        raise AssertionError("an invalid pattern compiled")


def test_importing_the_checks_compiles_none_of_their_patterns():
    probe = (
        "import re._compiler as c, sys\n"
        "seen = []\n"
        "original = c.compile\n"
        "c.compile = lambda p, f=0: (seen.append(p), original(p, f))[1]\n"
        "import bulletin_cli.checks.typography.punctuation, bulletin_cli.checks.typography.marks\n"
        "import bulletin_cli.checks.typography.spacing, bulletin_cli.checks.zh_forms\n"
        "from bulletin_cli.checks.zh_text import HAN_CLASS\n"
        "print(sum(HAN_CLASS in str(p) for p in seen))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0", result.stdout
