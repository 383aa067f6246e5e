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


def _fill(path, verdicts):
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row, verdict in zip(rows, verdicts, strict=True):
        row["verdict"] = verdict
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows


def test_report_shows_a_recheck_beside_its_sample(tmp_path):
    path = write_sheet(tmp_path, "2026-01-02", 11, draw(PACKAGE, 11), {"date": "2026-01-02"})
    rows = _fill(path, ["confirmed"] * 36 + ["minor"] * 2 + ["unverifiable"] * 2)
    flagged = [r["row_id"] for r in rows if r["verdict"] != "confirmed"]
    recheck = path.with_name("2026-01-02-recheck.csv")
    with recheck.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows((rid, "", "", "", "", "") for rid in [*flagged, rows[0]["row_id"]])
    _fill(recheck, ["confirmed", "minor", "confirmed", "unverifiable", "confirmed"])
    recheck.with_suffix(".json").write_text('{"seed": 20260103, "data_commit": "abcdef123456789"}')

    sheets = read_sheets(tmp_path)
    assert [s.name for s in sheets] == ["2026-01-02-sample", "2026-01-02-recheck"]
    assert [s.is_recheck for s in sheets] == [False, True] and sheets[1].date == "2026-01-02"
    page = quality.audit_markdown(tmp_path)
    assert page.count("\n## ") == 1  # one section per date, the re-check inside it
    assert "| verdict | sample (40 rows) | re-check after fixes (5 rows) |" in page
    assert "| confirmed | 36 | 3 |" in page and "| unverifiable | 2 | 1 |" in page
    assert f"| `{flagged[0]}` | minor | confirmed |" in page
    assert f"| `{flagged[3]}` | unverifiable | unverifiable |" in page
    assert "seed `20260103`" in page and "`abcdef123456`" in page


def test_every_recheck_row_comes_from_its_sample():
    sheets = read_sheets(ROOT)
    samples = {s.date: s for s in sheets if not s.is_recheck}
    for recheck in (s for s in sheets if s.is_recheck):
        assert recheck.date in samples, f"{recheck.name} has no sample sheet"
        assert {r["row_id"] for r in recheck.rows} <= {r["row_id"] for r in samples[recheck.date].rows}
        assert all(r["verdict"] in quality.VERDICTS for r in recheck.rows)


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
