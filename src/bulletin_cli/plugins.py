"""The plugin manager and the loading policy.

- Built-in plugins (DEFAULT_PLUGINS) are ordinary modules implementing the public hooks.
- Third-party plugins register through the entry-point group ``bulletin``. Each entry point
  loads on its own: one that fails to import is recorded (see ``plugin_errors``) and
  reported by the CLI, and every other plugin and command keeps working.
- ``BULLETIN_LOAD_PLUGINS`` chooses third-party plugins: unset loads all, empty loads none,
  ``a,b`` loads only those (distribution or entry-point names).
- A third-party plugin's import and registration run with standard output sent to standard
  error (what it prints must not corrupt `validate --format json` or `export -o -`), and are
  timed: printing, or taking over SLOW_LOAD_SECONDS, is a warning naming the plugin.
- Hooks are called one implementation at a time, so an exception inside a plugin's hook is
  attributed to that plugin instead of aborting the call for everyone.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from typing import Any, Callable

import pluggy

from bulletin_cli import hookspecs

GROUP = "bulletin"
LOAD_ENV = "BULLETIN_LOAD_PLUGINS"
DEFAULT_PLUGINS: tuple[str, ...] = (
    "bulletin_cli.formats.text.plugin",
    "bulletin_cli.formats.html.plugin",
    "bulletin_cli.formats.epub.plugin",
    "bulletin_cli.formats.xml.plugin",
    "bulletin_cli.checks.typography.plugin",
)

SLOW_LOAD_SECONDS = 1.0  # every command waits for plugins to load: longer than this is worth a warning

pm = pluggy.PluginManager(GROUP)
pm.add_hookspecs(hookspecs)


@dataclass(frozen=True)
class PluginError:
    plugin: str
    package: str
    stage: str  # "load", "slow", "stdout", the hook name, or "rule CODE (name)" for a rule whose check raised
    error: str

    def __str__(self) -> str:
        origin = f"plugin '{self.plugin}'" + (f" (package {self.package})" if self.package else "")
        if self.stage in ("slow", "stdout"):  # warnings about loading, not failures
            return f"{origin} {self.error}"
        when = "failed to load" if self.stage == "load" else f"raised an error in {self.stage}"
        return f"{origin} {when}: {self.error}"


@dataclass
class _State:
    loaded: bool = False
    errors: list[PluginError] = field(default_factory=list)
    errors_shown: bool = False  # a command (`bulletin plugins`) listed them itself
    rule_owners: dict[str, str] = field(default_factory=dict)  # rule code -> plugin name
    packages: dict[str, tuple[str, str]] = field(default_factory=dict)  # plugin name -> (package, version)


_state = _State()


def plugin_errors() -> list[PluginError]:
    load_plugins()
    return list(_state.errors)


def _record(error: PluginError) -> None:
    if error not in _state.errors:
        _state.errors.append(error)


def _selected_names() -> set[str] | None:
    value = os.environ.get(LOAD_ENV)
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def _normal(name: str) -> str:
    return name.lower().replace("_", "-")


def load_plugins() -> None:
    """Register built-ins and entry-point plugins, once. Never raises for a broken plugin."""
    if _state.loaded:
        return
    _state.loaded = True
    selected = _selected_names()
    if selected != set():
        _load_entry_points(selected)
    for module_name in DEFAULT_PLUGINS:
        if pm.has_plugin(module_name):
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue  # a built-in not present in this build
            _record(PluginError(module_name, "bulletin-cli", "load", f"{type(error).__name__}: {error}"))
            continue
        except (Exception, SystemExit) as error:  # noqa: BLE001 - a broken built-in must not brick the CLI either
            _record(PluginError(module_name, "bulletin-cli", "load", f"{type(error).__name__}: {error}"))
            continue
        if _register(module, module_name, "bulletin-cli"):
            _state.packages[module_name] = ("bulletin-cli", _own_version())


def _register(plugin: object, name: str, package: str) -> bool:
    """Register one plugin; on failure record why and leave nothing half-registered."""
    try:
        pm.register(plugin, name=name)
    except Exception as error:  # noqa: BLE001 - e.g. a hook implementation with wrong arguments
        if pm.has_plugin(name):
            pm.unregister(name=name)
        message = " ".join(str(error).split("\n"))  # pluggy's validation errors span several lines
        _record(PluginError(name, package, "load", f"{type(error).__name__}: {message}"))
        return False
    for caller in pm.get_hookcallers(plugin) or []:
        if caller.spec is None:  # a misspelt hook would otherwise be ignored silently
            from bulletin_cli.diagnostics.reporter import did_you_mean

            known = sorted(n for n in dir(hookspecs) if n.startswith("register_"))
            _record(PluginError(name, package, "load", f"implements unknown hook '{caller.name}'; "
                                f"{did_you_mean(caller.name, known)}"))
    return True


def _own_version() -> str:
    from bulletin_cli import __version__

    return __version__


class _StdoutToStderr:
    """Standard output while a plugin loads: forwarded to standard error, noting that it was used."""

    def __init__(self) -> None:
        self.used = False

    def write(self, text: str) -> int:
        self.used = self.used or bool(text)
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()

    def __getattr__(self, name: str) -> Any:  # encoding, buffer, isatty: those of standard error
        return getattr(sys.stderr, name)


@contextmanager
def stdout_to_stderr():
    """Around a plugin's render calls: what it prints goes to standard error, not into
    `export -o -`'s output; the sink yielded says whether anything was printed."""
    sink = _StdoutToStderr()
    with redirect_stdout(sink):  # type: ignore[type-var]
        yield sink


def note_printed_while_exporting(format_name: str) -> None:
    """Warn (once) that the plugin giving ``format_name`` printed to standard output while rendering."""
    try:
        plugin = get_exporter(format_name).plugin
    except Exception:  # noqa: BLE001 - only a warning's wording is at stake
        plugin = format_name
    package = _state.packages.get(plugin, ("", ""))[0]
    _record(PluginError(plugin, package, "stdout", "printed to standard output while exporting; the text went "
                        "to standard error (plugins must not print)"))


@contextmanager
def _loading(name: str, package: str):
    """Load one third-party plugin with its prints kept off standard output, and timed."""
    sink = _StdoutToStderr()
    start = time.perf_counter()
    try:
        with redirect_stdout(sink):  # type: ignore[type-var]
            yield
    finally:
        seconds = time.perf_counter() - start
        if sink.used:
            _record(PluginError(name, package, "stdout", "printed to standard output while loading; "
                                "the text went to standard error (plugins must not print)"))
        if seconds > SLOW_LOAD_SECONDS:
            _record(PluginError(name, package, "slow", f"took {seconds:.1f} s to load, and every command waits "
                                f"for it (over {SLOW_LOAD_SECONDS:g} s); import heavy modules inside functions, "
                                f"or choose plugins with {LOAD_ENV}"))


def _load_entry_points(selected: set[str] | None) -> None:
    from importlib.metadata import distributions

    wanted = {_normal(n) for n in selected} if selected else None
    found: set[str] = set()
    for dist in distributions():
        try:
            # entry_points.txt is small; METADATA is parsed only for packages that have plugins
            entry_points = [ep for ep in dist.entry_points if ep.group == GROUP]
            if not entry_points:
                continue
            dist_name = dist.metadata["Name"] or ""
        except Exception as error:  # noqa: BLE001 - unreadable metadata of one package
            _record(PluginError(str(getattr(dist, "_path", "?")), "", "load",
                                f"unreadable package metadata: {type(error).__name__}: {error}"))
            continue
        for entry_point in entry_points:
            names = {_normal(dist_name), _normal(entry_point.name)}
            if wanted is not None and not (names & wanted):
                continue
            found |= names
            if pm.has_plugin(entry_point.name) or pm.is_blocked(entry_point.name):
                continue
            with _loading(entry_point.name, dist_name):
                try:
                    plugin = entry_point.load()
                except (Exception, SystemExit) as error:  # noqa: BLE001 - any failure of a plugin must not stop the CLI
                    _record(PluginError(entry_point.name, dist_name, "load", f"{type(error).__name__}: {error}"))
                    continue
                if _register(plugin, entry_point.name, dist_name):
                    _state.packages[entry_point.name] = (dist_name, dist.version)
    if wanted:
        for name in sorted(wanted - found):
            _record(PluginError(name, "", "load",
                                f"{LOAD_ENV} names '{name}', but no installed package provides a '{GROUP}' plugin "
                                "by that name (see `bulletin plugins`)"))


def call_each(hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """Call every implementation of a hook on its own: (plugin name, result) for those that worked."""
    load_plugins()
    results = []
    caller = getattr(pm.hook, hook_name)
    for impl in reversed(caller.get_hookimpls()):  # registration order: built-ins first
        try:
            results.append((impl.plugin_name, impl.function(**{k: kwargs[k] for k in impl.argnames})))
        except (Exception, SystemExit) as error:  # noqa: BLE001 - attribute the failure to its plugin
            package = _state.packages.get(impl.plugin_name, ("", ""))[0]
            _record(PluginError(impl.plugin_name, package, hook_name, f"{type(error).__name__}: {error}"))
    return results


def _collect(hook_name: str, make_register: Callable[[str, list], Callable[..., None]]) -> list:
    items: list = []
    load_plugins()
    caller = getattr(pm.hook, hook_name)
    for impl in reversed(caller.get_hookimpls()):
        register = make_register(impl.plugin_name, items)
        before = len(items)
        try:
            with redirect_stdout(sys.stderr):  # registering is loading too: keep stdout clean
                impl.function(**{name: register for name in impl.argnames})
        except (Exception, SystemExit) as error:  # noqa: BLE001
            del items[before:]
            package = _state.packages.get(impl.plugin_name, ("", ""))[0]
            _record(PluginError(impl.plugin_name, package, hook_name, f"{type(error).__name__}: {error}"))
    return items


@dataclass(frozen=True)
class RegisteredExporter:
    exporter: Any  # bulletin_cli.formats.exporter.Exporter
    plugin: str


class FormatConflict(Exception):
    def __init__(self, name: str, plugins: list[str]):
        self.name, self.plugins = name, plugins
        super().__init__(f"format '{name}' is provided by more than one plugin: {', '.join(plugins)}; "
                         f"uninstall one, or choose plugins with {LOAD_ENV}")


class UnknownFormat(Exception):
    pass


def exporters() -> tuple[dict[str, RegisteredExporter], dict[str, list[str]]]:
    """Every registered exporter by format name, and the names claimed by several plugins."""
    from bulletin_cli.formats.exporter import Exporter

    def make_register(plugin: str, items: list) -> Callable[..., None]:
        def register(exporter: Exporter) -> None:
            if not isinstance(exporter, Exporter):
                raise TypeError(f"register() takes an Exporter, not {type(exporter).__name__}")
            items.append(RegisteredExporter(exporter, plugin))
        return register

    found: dict[str, RegisteredExporter] = {}
    conflicts: dict[str, list[str]] = {}
    for item in _collect("register_exporters", make_register):
        name = item.exporter.name
        if name in found or name in conflicts:
            conflicts.setdefault(name, [found.pop(name).plugin] if name in found else [])
            conflicts[name].append(item.plugin)
        else:
            found[name] = item
    return found, conflicts


def get_exporter(name: str) -> RegisteredExporter:
    found, conflicts = exporters()
    if name in conflicts:
        raise FormatConflict(name, conflicts[name])
    if name not in found:
        from bulletin_cli.diagnostics.reporter import did_you_mean

        known = sorted(found)
        hint = did_you_mean(name, known) or ("available: " + ", ".join(known) if known else "no formats installed")
        raise UnknownFormat(f"unknown format '{name}'; {hint}")
    return found[name]


def rules() -> list:
    """Every registered validation rule (bulletin_cli.checks.rules.Rule), built-ins first."""
    from bulletin_cli.checks.rules import Rule

    def make_register(plugin: str, items: list) -> Callable[..., None]:
        def register(rule: Rule) -> None:
            if not isinstance(rule, Rule):
                raise TypeError(f"register() takes a Rule, not {type(rule).__name__}")
            items.append(rule)
            _state.rule_owners[rule.code] = plugin
        return register

    return _collect("register_rules", make_register)


def rule_failed(rule: Any, where: str, error: BaseException) -> None:
    """Record that a rule's check raised, naming the plugin and package that registered it."""
    plugin = _state.rule_owners.get(rule.code, rule.name)
    package = _state.packages.get(plugin, ("", ""))[0]
    _record(PluginError(plugin, package, f"rule {rule.code} ({rule.name})",
                        f"failed on {where}: {type(error).__name__}: {error}"))


def plugin_info(include_builtins: bool = False) -> list[dict]:
    load_plugins()
    info = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        builtin = name in DEFAULT_PLUGINS
        if builtin and not include_builtins:
            continue
        package, version = _state.packages.get(name, ("", ""))
        info.append({
            "name": name,
            "package": package,
            "version": version,
            "hooks": sorted(caller.name for caller in (pm.get_hookcallers(plugin) or [])),
            "builtin": builtin,
        })
    return sorted(info, key=lambda entry: (entry["builtin"], entry["name"]))


def _reset_for_tests() -> None:
    """Forget every registration (tests only)."""
    for name, plugin in list(pm.list_name_plugin()):
        if plugin is not None:
            pm.unregister(plugin)
    _state.loaded = False
    _state.errors_shown = False
    _state.errors.clear()
    _state.packages.clear()
    _state.rule_owners.clear()

