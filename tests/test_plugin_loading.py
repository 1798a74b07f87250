"""Loading that never bricks the CLI, with REAL installed broken plugins (dist-info on PYTHONPATH),
and `bulletin plugins` / `bulletin formats`."""

from __future__ import annotations

import json
import re
import sys

import pytest

from conftest import SEED_ISSUE
from plugin_helpers import install_plugin, install_titles_plugin, plugin_env
from test_export import _digest, _synthetic

IMPORT_ERROR = '''
    import bulletin_no_such_dependency  # the plugin's dependency is missing
'''

HOOK_RAISES = '''
    from bulletin_cli import hookimpl

    @hookimpl
    def register_exporters(register):
        raise RuntimeError("cannot find my templates")
'''

EXITS_AT_IMPORT = '''
    import sys
    sys.exit("this plugin gives up")
'''

WRONG_ARGUMENTS = '''
    from bulletin_cli import hookimpl

    @hookimpl
    def register_exporters(registry):
        pass
'''

MISSPELT_HOOK = '''
    from bulletin_cli import hookimpl

    @hookimpl
    def register_exporter(register):
        pass
'''


def _other_titles(module: str) -> str:
    # A second plugin claiming the format name 'titles'.
    return f'''
    from bulletin_cli import Exporter, hookimpl

    @hookimpl
    def register_exporters(register):
        register(Exporter("titles", ".t2", lambda issue, options: "{module}\\n"))
        register(Exporter("{module}", ".{module}", lambda issue, options: "{module}\\n"))
    '''


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site-packages"
    install_titles_plugin(folder)
    return folder


@pytest.mark.parametrize("source, package, message", [
    (IMPORT_ERROR, "bulletin-broken", "failed to load: ModuleNotFoundError: No module named 'bulletin_no_such_dependency'"),
    (HOOK_RAISES, "bulletin-broken", "raised an error in register_exporters: RuntimeError: cannot find my templates"),
    (EXITS_AT_IMPORT, "bulletin-broken", "failed to load: SystemExit: this plugin gives up"),
    (WRONG_ARGUMENTS, "bulletin-broken", "failed to load: PluginValidationError: Plugin 'bulletin_broken' for hook "
                                         "'register_exporters' hookimpl definition: register_exporters(registry) "
                                         "Argument(s) {'registry'} are declared in the hookimpl but can not be found "
                                         "in the hookspec"),
])
def test_a_broken_plugin_does_not_stop_validate_or_export(cli, site, tmp_path, source, package, message):
    install_plugin(site, package, "bulletin_broken", source)
    env = plugin_env(site)
    named = f"plugin 'bulletin_broken' (package {package}) {message}"

    validate = cli(["validate", SEED_ISSUE], env=env)
    assert validate.exit_code == 0, validate.stdout + validate.stderr
    if "failed to load" in message:  # validate calls no exporter hook, so only a load failure shows there
        assert named in validate.stderr

    out = tmp_path / "out.titles"
    export = cli(["export", SEED_ISSUE, "--to", "titles", "-o", out], env=env)
    assert export.exit_code == 0, export.stderr
    assert out.read_text(encoding="utf-8").startswith("宣传信息专报")
    assert named in export.stderr
    assert "Traceback" not in export.stderr

    listing = cli(["plugins", "--json"], env=env)
    assert listing.exit_code == 1  # a broken plugin is worth a failing status in CI
    payload = json.loads(listing.stdout)
    assert [e["plugin"] for e in payload["errors"]] == ["bulletin_broken"]
    assert payload["errors"][0]["package"] == package
    listed = [p["name"] for p in payload["plugins"]]
    assert "bulletin_titles" in listed
    assert ("bulletin_broken" in listed) == ("failed to load" not in message)  # nothing half-registered
    assert listing.stderr == ""  # listed once, in the JSON, not repeated as a warning


RULES = '''
    from bulletin_cli import Rule, hookimpl

    def explode(context):
        raise KeyError("no such word list")

    @hookimpl
    def register_rules(register):
        register(Rule("X990", "exploding-rule", "A rule whose check raises", explode))
'''

RULES_HOOK_RAISES = '''
    from bulletin_cli import hookimpl

    @hookimpl
    def register_rules(register):
        raise OSError("word list missing")
'''


def test_broken_rule_plugins_do_not_stop_validate(cli, site, tmp_path):
    install_plugin(site, "bulletin-exploding", "bulletin_exploding", RULES)
    install_plugin(site, "bulletin-norules", "bulletin_norules", RULES_HOOK_RAISES)
    series = tmp_path / "series"
    import shutil

    from conftest import SEED_SERIES

    shutil.copytree(SEED_SERIES, series)
    issue = series / "2023-06.toml"
    issue.write_text(issue.read_text(encoding="utf-8").replace('column = "经验交流"', 'column = "经验交流X"', 1),
                     encoding="utf-8")
    result = cli(["validate", issue], env=plugin_env(site))
    assert result.exit_code == 1  # the built-in checks still ran and found the bad column
    assert "R302" in result.stdout and "'经验交流X'" in result.stdout
    assert (f"plugin 'bulletin_exploding' (package bulletin-exploding) raised an error in rule X990 "
            f"(exploding-rule): failed on {issue}: KeyError: 'no such word list'") in result.stderr
    assert ("plugin 'bulletin_norules' (package bulletin-norules) raised an error in register_rules: "
            "OSError: word list missing") in result.stderr
    assert "Traceback" not in result.stderr


def test_two_plugins_claiming_one_format(cli, site, tmp_path):
    install_plugin(site, "bulletin-rival", "bulletin_rival", _other_titles("rival"))
    env = plugin_env(site)
    clash = cli(["export", SEED_ISSUE, "--to", "titles", "-o", tmp_path / "x.titles"], env=env)
    assert clash.exit_code == 2
    assert ("format 'titles' is provided by more than one plugin: bulletin_titles, bulletin_rival"
            in clash.stderr) or ("bulletin_rival, bulletin_titles" in clash.stderr)
    assert not (tmp_path / "x.titles").exists()

    other = cli(["export", SEED_ISSUE, "--to", "rival", "-o", "-"], env=env)
    assert other.exit_code == 0 and other.stdout == "rival\n", other.stderr

    formats = cli(["formats"], env=env)
    assert formats.exit_code == 1
    assert re.search(r"error: format 'titles' is provided by more than one plugin", formats.stderr)
    assert re.search(r"^rival +\.rival +bulletin_rival", formats.stdout, re.M)
    assert not re.search(r"^titles ", formats.stdout, re.M)
    payload = json.loads(cli(["formats", "--json"], env=env).stdout)
    assert payload["conflicts"] == [{"name": "titles", "plugins": ["bulletin_titles", "bulletin_rival"]}] or \
        payload["conflicts"] == [{"name": "titles", "plugins": ["bulletin_rival", "bulletin_titles"]}]


def test_load_plugins_variable(cli, site):
    install_plugin(site, "bulletin-broken", "bulletin_broken", IMPORT_ERROR)
    listed = lambda value: cli(["plugins", "--json"], env=plugin_env(site, BULLETIN_LOAD_PLUGINS=value))

    none = listed("")
    assert json.loads(none.stdout) == {"plugins": [], "errors": []}
    assert none.exit_code == 0

    by_package = listed("bulletin-titles")  # the package name selects it
    assert [p["name"] for p in json.loads(by_package.stdout)["plugins"]] == ["bulletin_titles"]
    assert json.loads(by_package.stdout)["errors"] == []  # the broken one was not even imported
    by_entry_point = listed("bulletin_titles")  # so does the entry-point name
    assert [p["name"] for p in json.loads(by_entry_point.stdout)["plugins"]] == ["bulletin_titles"]

    unknown = listed("bulletin-titles,bulletin-nope")
    assert unknown.exit_code == 1
    errors = json.loads(unknown.stdout)["errors"]
    assert len(errors) == 1 and "names 'bulletin-nope', but no installed package provides" in errors[0]["error"]

    # with none loaded, exporting a plugin's format is an unknown format; validate still works
    env = plugin_env(site, BULLETIN_LOAD_PLUGINS="")
    assert cli(["export", SEED_ISSUE, "--to", "titles"], env=env).exit_code == 2
    assert cli(["validate", SEED_ISSUE], env=env).exit_code == 0


def test_a_misspelt_hook_is_reported(cli, site):
    install_plugin(site, "bulletin-typo", "bulletin_typo", MISSPELT_HOOK)
    result = cli(["plugins"], env=plugin_env(site))
    assert result.exit_code == 1
    assert ("plugin 'bulletin_typo' (package bulletin-typo) failed to load: implements unknown hook "
            "'register_exporter'; did you mean 'register_exporters'?") in result.stderr
    assert re.search(r"^bulletin_titles +bulletin-titles +1\.0 +register_exporters$", result.stdout, re.M)


FAILS_ON_ONE = '''
    from bulletin_cli import Exporter, hookimpl

    def render(issue, options):
        if (issue.year, issue.number) == (2000, 5):
            raise ValueError("issue 5 breaks me")
        return issue.name + "\\n"

    @hookimpl
    def register_exporters(register):
        register(Exporter("picky", ".picky", render))
'''


def test_failing_render_in_parallel_leaves_no_file_at_all(cli, tmp_path):
    site = tmp_path / "site-packages"
    install_plugin(site, "bulletin-picky", "bulletin_picky", FAILS_ON_ONE)
    series = _synthetic(tmp_path / "series", 8)
    out = tmp_path / "out"
    result = cli(["export", series, "--to", "picky", "-o", out, "--jobs", "2"], env=plugin_env(site))
    assert result.exit_code == 1
    assert (f"error: {series / '2000-05.toml'}: exporter 'picky' from plugin 'bulletin_picky' "
            "(package bulletin-picky) failed: ValueError: issue 5 breaks me") in result.stderr
    assert "0 files written" in result.stderr and "1 failed" in result.stderr
    # no partial output: the seven issues that rendered are not written either, nor any temporary file
    assert not out.exists() or not list(out.iterdir())


def test_validate_never_imports_heavy_exporter_dependencies(tmp_path, site):
    import os
    import subprocess

    # Run the real command in a fresh interpreter, then list what it imported. (-X importtime
    # would miss modules loaded through importlib.import_module, as plugins are.)
    listing = tmp_path / "modules.json"
    script = ("import json, sys\n"
              "from bulletin_cli.cli import main\n"
              f"sys.argv = ['bulletin', 'validate', {str(SEED_ISSUE)!r}]\n"
              "try:\n    main()\n"
              "finally:\n"
              f"    open({str(listing)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, **plugin_env(site)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    imported = set(json.loads(listing.read_text(encoding="utf-8")))
    assert "bulletin_titles" in imported  # third-party plugins were loaded
    from bulletin_cli import plugins

    for builtin in plugins.DEFAULT_PLUGINS:
        try:
            __import__(builtin)
        except ModuleNotFoundError:
            continue  # not written yet
        assert builtin in imported, f"{builtin} exists but validate did not register it"
    heavy = sorted(m for m in imported if m.split(".")[0] in ("lxml", "ebooklib", "wcwidth", "tomlkit", "rich"))
    assert heavy == [], f"validate imported {heavy}"
    # exporter implementations load on the first export, not when their plugin registers
    implementations = sorted(m for m in imported if m in (
        "bulletin_cli.formats.text.render", "bulletin_cli.formats.text.layout",
        "bulletin_cli.formats.html.parts", "bulletin_cli.operations.export"))
    assert implementations == [], f"validate imported {implementations}"


def test_validating_a_clean_issue_never_loads_the_position_finder():
    import subprocess

    from conftest import NEWSLETTER_SERIES

    # line and column are worked out only for a diagnostic; a clean issue has none
    script = ("import json, sys\n"
              "from bulletin_cli.cli import main\n"
              f"sys.argv = ['bulletin', 'validate', {str(NEWSLETTER_SERIES)!r}]\n"
              "try:\n    main()\n"
              "except SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
              "print(json.dumps(sorted(sys.modules)))\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    imported = set(json.loads(proc.stdout.splitlines()[-1]))
    assert "bulletin_cli.operations.validate" in imported
    assert "bulletin_cli.files.locate" not in imported
