"""The self-audit machinery: reproducible samples, sheets never redrawn, the generated reports."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from conftest import ROOT

import pakru_dataset
from pakru_dataset.audit import COLUMNS, draw, population, read_sheets, write_sheet
from pakru_dataset.descriptor import load_package
from pakru_dataset.docsgen import quality

PACKAGE = load_package(ROOT)


def test_same_seed_same_sample_and_rows_exist():
    first, again, other = draw(PACKAGE, 20261130), draw(PACKAGE, 20261130), draw(PACKAGE, 20261201)
    assert first == again and first != other
    assert len(first) == 40 == len(set(first))
    assert set(first) <= set(population(PACKAGE))
    assert {t for t, _ in population(PACKAGE)} == {t.name for t in PACKAGE.fact_tables()}


def test_sheet_has_the_columns_and_is_never_overwritten(tmp_path):
    sample = draw(PACKAGE, 7, 41)
    path = write_sheet(tmp_path, "2026-01-02", 7, sample, {"date": "2026-01-02"})
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 42
    assert json.loads(path.with_suffix(".json").read_text())["seed"] == 7
    with pytest.raises(FileExistsError):
        write_sheet(tmp_path, "2026-01-02", 8, sample, {})


def test_script_refuses_a_sample_below_forty(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "audit_sample.py"), "--size", "39"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "at least 40" in result.stderr


def test_report_tallies_a_filled_sheet(tmp_path):
    sample = draw(PACKAGE, 11)
    path = write_sheet(tmp_path, "2026-01-02", 11, sample, {"date": "2026-01-02"})
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    verdicts = ["confirmed"] * 30 + ["minor"] * 6 + ["unverifiable"] * 3 + ["contradicted"]
    for row, verdict in zip(rows, verdicts, strict=True):
        row["verdict"] = verdict
        row["fixed_in"] = "abc1234" if verdict == "minor" else ""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert read_sheets(tmp_path)[0].tally() == {
        "confirmed": 30,
        "minor": 6,
        "contradicted": 1,
        "unverifiable": 3,
        "not yet audited": 0,
    }
    page = quality.audit_markdown(tmp_path)
    assert "| minor | 6 |" in page and "| contradicted | 1 |" in page
    assert page.count("abc1234") == 6 and page.count("| open |") == 4


def test_source_quality_page_lists_every_low_authority_row():
    con = pakru_dataset.connect()
    expected = {
        r[0]
        for r in con.execute(
            "SELECT record_id FROM fact_reliability WHERE best_reliability = 'low_authority'"
        ).fetchall()
    }
    page = quality.sources_markdown(con, PACKAGE)
    listed = {line.split("`")[1] for line in page.splitlines() if line.startswith("| ") and "`" in line}
    level_rows = {level for level in PACKAGE.table("sources").field("reliability").enum}
    assert listed - level_rows == expected
