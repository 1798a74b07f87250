"""Install bulletin-cli and run the main job on the shipped examples: validate them, then
export the seed issue to every installed format into out/<format>/.

    python3 scripts/demo.py
"""

from __future__ import annotations

import json
import subprocess

from _venv import BIN, ROOT, ensure, run

ensure("-e", ".")
bulletin = str(BIN / "bulletin")
run(bulletin, "validate", "examples")
listing = subprocess.run([bulletin, "formats", "--json"], capture_output=True, text=True, cwd=ROOT)
for entry in json.loads(listing.stdout)["formats"] if listing.returncode == 0 else []:
    run(bulletin, "export", "examples/xuanchuan-zhuanbao", "--to", entry["name"], "-o", f"out/{entry['name']}/",
        "--quiet")
print(f"\nDone: the exports are in {ROOT / 'out'}; open out/html/2023-06.html in a browser.")
