"""The coverage-statement tables: a complete verdict must hold, in both engines."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import ROOT

from pakru_dataset.descriptor import read_package
from pakru_dataset.validate import ENGINES, validate


def _header(table: str) -> str:
    """A table's CSV header, from its schema."""
    return ",".join(read_package(ROOT).table(table).field_names) + "\n"


SERIES_HEADER = _header("series")
INSTANCE_HEADER = _header("series_instances")


def _first(root: Path, table: str, column: str) -> str:
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return next(csv.DictReader(fh))[column]


def _plant(root: Path, verdict: str, missing: str, instances: list[str]) -> None:
    row = f"test-series,Test series,Yearly test rounds,{verdict},2010-01-01,2015-12-31,{missing},\n"
    (root / "data" / "series.csv").write_text(SERIES_HEADER + row, encoding="utf-8")
    instances_csv = root / "data" / "series_instances.csv"
    instances_csv.write_text(INSTANCE_HEADER + "".join(instances), encoding="utf-8")


def _found(root: Path, engine: str) -> set[tuple[str, int | None, str | None, str]]:
    return {(f.file, f.row, f.field, f.rule) for f in validate(root, engine=engine).findings}


@pytest.mark.parametrize("engine", ENGINES)
def test_complete_verdict_with_a_missing_instance_in_period_fails(package_copy, engine):
    eng = _first(package_copy, "engagements", "engagement_id")
    src = _first(package_copy, "sources", "source_id")
    _plant(
        package_copy,
        "complete",
        "",
        [
            f"test-series,Round 1,1,2010-05-01,month,in_data,{eng},{src},\n",
            f"test-series,Round 2,2,2011-05-03,day,not_in_data,,{src},\n",  # inside the period
            f"test-series,Round 9,9,2019-05-03,day,not_in_data,,{src},\n",  # after it: allowed
        ],
    )
    found = _found(package_copy, engine)
    assert ("data/series_instances.csv", 3, "status", "coverage-verdict") in found
    assert not any(f[1] == 4 and f[3] == "coverage-verdict" for f in found)


@pytest.mark.parametrize("engine", ENGINES)
def test_partial_needs_missing_and_in_data_needs_engagement(package_copy, engine):
    src = _first(package_copy, "sources", "source_id")
    _plant(package_copy, "partial", "", [f"test-series,Round 1,1,2010-05-01,month,in_data,,{src},\n"])
    found = _found(package_copy, engine)
    assert ("data/series.csv", 2, "missing", "series-missing") in found
    assert ("data/series_instances.csv", 2, "engagement_id", "series-instance") in found


@pytest.mark.parametrize("engine", ENGINES)
def test_a_consistent_statement_is_valid(package_copy, engine):
    eng = _first(package_copy, "engagements", "engagement_id")
    src = _first(package_copy, "sources", "source_id")
    _plant(
        package_copy,
        "partial",
        "Round 2 (2011)",
        [
            f"test-series,Round 1,1,2010-05-01,month,in_data,{eng},{src},\n",
            f"test-series,Round 2,2,2011-05-03,day,not_in_data,,{src},\n",
        ],
    )
    report = validate(package_copy, engine=engine)
    assert not report.findings, [f.one_line() for f in report.findings]


def test_unknown_reliability_level_is_rejected(package_copy):
    path = package_copy / "data" / "sources.csv"
    text = path.read_text(encoding="utf-8")
    first = text.split("\n")[1]
    level = next(v for v in first.split(",") if v in {"news_of_record", "other_news", "low_authority"})
    path.write_text(text.replace(first, first.replace(f",{level},", ",trusted,", 1), 1), encoding="utf-8")
    assert ("data/sources.csv", 2, "reliability", "enum") in _found(package_copy, "fast")
