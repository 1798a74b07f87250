"""Hook specifications: the public plugin API of bulletin-cli (project name ``bulletin``).

Built-in exporters and rules implement these hooks exactly as third-party plugins do.
docs/plugins.md documents each hook with an example.
"""

from pluggy import HookimplMarker, HookspecMarker

hookspec = HookspecMarker("bulletin")
hookimpl = HookimplMarker("bulletin")


@hookspec
def register_exporters(register):
    """Register output formats: call ``register(Exporter(...))`` once per format."""


@hookspec
def register_rules(register):
    """Register validation rules: call ``register(Rule(...))``; `bulletin validate` runs them."""
