"""bulletin-cli: periodic bulletins (简报 / 信息专报, newsletters) from TOML.

The library API lives in :mod:`bulletin_cli.api`; this module stays tiny so that
``bulletin --version`` and plugin imports cost nothing.
"""

__version__ = "0.1.0"
