"""The CLI: fast start-up, documented commands, clean errors."""

from __future__ import annotations

import subprocess
import sys

from conftest import run_pakru

HEAVY = ("pandas", "pandera", "frictionless", "pyarrow")


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys\n"
        "from pakru_dataset.cli import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_version_matches_datapackage():
    import json

    from conftest import ROOT

    import pakru_dataset

    descriptor = json.loads((ROOT / "datapackage.json").read_text())
    assert pakru_dataset.__version__ == descriptor["version"]
    result = run_pakru("--version")
    assert result.stdout.strip() == f"pakru-dataset {descriptor['version']}"


def test_unknown_option_is_a_usage_error():
    result = run_pakru("validate", "--engine", "nope")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_validate_prints_summary_of_holdings():
    result = run_pakru("validate")
    assert result.returncode == 0
    assert "valid: 0 error(s)" in result.stdout
    assert "engagements" in result.stdout and "roll_calls" in result.stdout
