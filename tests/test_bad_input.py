"""The bad-input corpus: every malformed package gets exit 1 or 2, a located one-line
message per problem, and never a traceback."""

from __future__ import annotations

import json

import pytest
from conftest import run_pakru
from corrupt import CORRUPTIONS, FATAL


def test_corpus_is_large_enough():
    assert len(CORRUPTIONS) + len(FATAL) >= 30


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_data_fault_exits_1_with_location(name, package_copy):
    file, row, field, rule = CORRUPTIONS[name](package_copy)
    result = run_pakru("validate", "--package", str(package_copy), "--format", "json")
    assert result.returncode == 1, (result.stdout[-500:], result.stderr[-500:])
    assert "Traceback" not in result.stderr
    got = {(f["file"], f["row"], f["field"], f["rule"]) for f in json.loads(result.stdout)["findings"]}
    assert (file, row, field, rule) in got, sorted(got)[:10]
    human = run_pakru("validate", "--package", str(package_copy), "--limit", "100000")
    assert human.returncode == 1 and "Traceback" not in human.stderr
    assert file in human.stdout and rule in human.stdout


@pytest.mark.parametrize("name", sorted(FATAL))
def test_unusable_package_exits_2_with_reason(name, package_copy):
    where, words = FATAL[name](package_copy)
    result = run_pakru("validate", "--package", str(package_copy))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    text = " ".join(result.stdout.split())
    assert where in text and words in text, text[-600:]
    as_json = run_pakru("validate", "--package", str(package_copy), "--format", "json")
    assert as_json.returncode == 2 and json.loads(as_json.stdout)["findings"][0]["rule"] == "descriptor"


def test_frictionless_validates_the_real_package_offline():
    import subprocess
    import sys
    from pathlib import Path

    from conftest import ROOT

    exe = Path(sys.executable).parent / "frictionless"
    out = subprocess.run([str(exe), "validate", "datapackage.json"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-2000:]
