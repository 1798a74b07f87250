"""Install the package with its test dependencies, site search, the import readers and the plugins in plugins/, then run the suite.

    python3 scripts/test.py [pytest arguments]
"""

from __future__ import annotations

import subprocess
import sys

from _venv import ROOT, ensure, plugin_packages

python = ensure("-e", ".[test,search,import]", *plugin_packages(with_tests=True))
sys.exit(subprocess.run([str(python), "-m", "pytest", *sys.argv[1:]], cwd=ROOT).returncode)
