"""`pakru validate` on one corrupted copy per error class: exit 1, exact location."""

from __future__ import annotations

import json

import pytest
from conftest import run_pakru
from corrupt import CORRUPTIONS


def findings(result) -> set[tuple]:
    report = json.loads(result.stdout)
    return {(f["file"], f["row"], f["field"], f["rule"]) for f in report["findings"]}


def test_real_data_is_valid():
    result = run_pakru("validate", "--format", "json")
    assert result.returncode == 0, result.stdout[-2000:]
    assert json.loads(result.stdout)["errors"] == 0


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_corruption_is_located(name, package_copy):
    expected = CORRUPTIONS[name](package_copy)
    result = run_pakru("validate", "--package", str(package_copy), "--format", "json")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert expected in findings(result), sorted(findings(result))[:20]


def test_human_output_names_file_row_and_column(package_copy):
    CORRUPTIONS["unknown enum value"](package_copy)
    result = run_pakru("validate", "--package", str(package_copy))
    assert result.returncode == 1
    out = " ".join(result.stdout.split())
    assert "data/engagements.csv" in out and "banquet" in out
    assert "state_visit" in out  # the allowed values are listed
    assert "INVALID" in out


def test_other_tables_still_checked_after_structural_fault(package_copy):
    bad_file = CORRUPTIONS["unclosed quote"](package_copy)
    other = CORRUPTIONS["unknown enum value"](package_copy)
    result = run_pakru("validate", "--package", str(package_copy), "--format", "json")
    got = findings(result)
    assert bad_file in got and other in got


def test_missing_descriptor_exits_2(tmp_path):
    result = run_pakru("validate", "--package", str(tmp_path), "--format", "json")
    assert result.returncode == 2
    assert json.loads(result.stdout)["findings"][0]["rule"] == "descriptor"
