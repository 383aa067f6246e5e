"""`pakru build`, the views, `pakru sql`, and user-supplied unvotes data."""

from __future__ import annotations

import json

import duckdb
import pytest
from conftest import ROOT, run_pakru
from corrupt import CORRUPTIONS
from unvotes_fixture import write_tidy_files, write_voeten_file

import pakru_dataset
from pakru_dataset.db.build import BuildRefused, build
from pakru_dataset.db.views import all_views
from pakru_dataset.descriptor import load_package

PACKAGE = load_package(ROOT)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(tmp_path_factory.mktemp("build"))


def test_stock_duckdb_opens_the_file_with_typed_tables_and_comments(built):
    con = duckdb.connect(str(built.database), read_only=True)
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'engagements'"
        ).fetchall()
    )
    assert types["start_date"] == "DATE" and types["engagement_id"] == "VARCHAR"
    comment = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'roll_calls'").fetchone()[0]
    assert comment.startswith("UN roll calls")
    cols = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE comment IS NULL "
        "AND table_name IN (SELECT table_name FROM duckdb_tables())"
    ).fetchone()[0]
    assert cols == 0
    pk = con.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
    ).fetchone()[0]
    fk = con.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY'"
    ).fetchone()[0]
    assert pk == len(PACKAGE.tables)
    assert fk == sum(len(t.foreign_keys) for t in PACKAGE.tables)


def test_row_counts_match_the_csvs(built):
    for table in PACKAGE.tables:
        with (ROOT / table.path).open(encoding="utf-8") as fh:
            assert built.rows[table.name] == sum(1 for _ in fh) - 1


@pytest.mark.parametrize("view", [v.name for v in all_views()])
def test_every_view_runs_and_is_commented(built, view):
    con = duckdb.connect(str(built.database), read_only=True)
    assert con.execute(f'SELECT count(*) FROM "{view}"').fetchone()[0] > 0
    comment = con.execute("SELECT comment FROM duckdb_views() WHERE view_name = ?", [view]).fetchone()[0]
    assert comment


def test_roll_call_votes_view_is_right(built):
    con = duckdb.connect(str(built.database), read_only=True)
    row = con.execute(
        "SELECT pakistan_vote, russia_vote, same_vote, both_voted FROM roll_call_votes "
        "WHERE resolution_symbol = 'A/RES/68/262'"
    ).fetchone()
    assert row == ("abstain", "no", False, True)
    n_rc = con.execute("SELECT count(*) FROM roll_calls").fetchone()[0]
    assert con.execute("SELECT sum(roll_calls) FROM vote_agreement_by_year").fetchone()[0] == n_rc


def test_engagements_flat_has_names_and_urls(built):
    con = duckdb.connect(str(built.database), read_only=True)
    row = con.execute(
        "SELECT pakistan_participants, russia_participants, source_urls FROM engagements_flat "
        "WHERE title ILIKE '%Imran Khan%Moscow%' OR title ILIKE '%Imran Khan visits Moscow%'"
    ).fetchone()
    assert "Imran Khan" in row[0] and "Putin" in row[1] and "http" in row[2]


def test_parquet_types(built):
    import pandas as pd
    import polars as pl

    df = pd.read_parquet(built.parquet["engagements"])
    assert str(df["start_date"].dtype).startswith(("datetime64", "date32", "object"))
    assert isinstance(pl.read_parquet(built.parquet["roll_calls"]).schema["yes_count"], pl.Int64)
    assert pl.read_parquet(built.parquet["engagements"]).schema["start_date"] == pl.Date


def test_build_refuses_invalid_data(package_copy, tmp_path):
    CORRUPTIONS["dangling foreign key"](package_copy)
    with pytest.raises(BuildRefused):
        build(tmp_path / "out", package_copy)
    assert not (tmp_path / "out" / "pakru.duckdb").exists()
    result = run_pakru("build", "--out", str(tmp_path / "cli"), "--package", str(package_copy))
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_sql_prints_the_right_count():
    result = run_pakru("sql", "SELECT count(*) AS n FROM engagements", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"n": len(pakru_dataset.load("engagements"))}]


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO actors VALUES ('x', 'x', 'person', 'PAK', NULL, NULL)",
        "UPDATE engagements SET title = 'x'",
        "CREATE TABLE t AS SELECT 1",
        "COPY (SELECT 1) TO '/tmp/pakru-out.csv'",
        "ATTACH '/tmp/other.duckdb' AS other",
        "SET enable_external_access = true",
        "SELECT * FROM read_csv('/etc/passwd')",
        "INSTALL httpfs",
    ],
)
def test_sql_refuses_writes_and_file_access(statement):
    result = run_pakru("sql", statement)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_sql_error_prints_duckdb_message():
    result = run_pakru("sql", "SELECT nope FROM engagements")
    assert result.returncode == 1
    assert "nope" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_sql_formats(fmt):
    result = run_pakru("sql", "SELECT engagement_id FROM engagements ORDER BY 1 LIMIT 2", "-f", fmt)
    assert result.returncode == 0 and "eng-0001" in result.stdout


def test_sql_list_shows_tables_and_views():
    result = run_pakru("sql", "--list", "-f", "csv")
    assert result.returncode == 0
    for name in [t.name for t in PACKAGE.tables] + [v.name for v in all_views()]:
        assert name in result.stdout


def test_connect_and_load_views():
    con = pakru_dataset.connect()
    assert con.execute("SELECT count(*) FROM timeline").fetchone()[0] == sum(
        len(pakru_dataset.load(t)) for t in ("engagements", "agreements", "roll_calls", "events")
    )


@pytest.mark.parametrize("layout", ["tidy", "voeten"])
def test_unvotes_tables_join_curated_roll_calls(tmp_path, layout):
    files = write_tidy_files(tmp_path) if layout == "tidy" else [write_voeten_file(tmp_path)]
    result = build(tmp_path / "out", unvotes=files)
    con = duckdb.connect(str(result.database), read_only=True)
    row = con.execute(
        "SELECT pakistan_vote, russia_vote, same_vote, roll_call_id FROM unvotes_pakistan_russia "
        "WHERE rcid = 2096"
    ).fetchone()
    assert row[:3] == ("yes", "no", False)
    assert row[3] is not None  # linked through voeten_rcid
    assert con.execute("SELECT count(*) FROM unvotes_agreement_by_year").fetchone()[0] >= 2


def test_unvotes_foreign_file_names_missing_columns(tmp_path):
    bad = tmp_path / "votes.csv"
    bad.write_text("rcid,country\n1,Pakistan\n")
    result = run_pakru("build", "--out", str(tmp_path / "out"), "--unvotes", str(bad))
    assert result.returncode == 2
    assert "country_code" in result.stderr and "vote" in result.stderr
    assert not (tmp_path / "out" / "pakru.duckdb").exists()
