"""Opens anywhere: a freshly built database opens in DuckDB 1.1.x and the current DuckDB, and
the Parquet files read in pyarrow and polars.

The old DuckDB runs in its own throwaway venv (pip, from the package index) in a subprocess.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT

from pakru_dataset.db.build import build
from pakru_dataset.db.emptydb import EMPTY_DB, OPENS_WITH, STORAGE_NUMBER, storage_number

pytestmark = pytest.mark.slow
OLD_DUCKDB = "1.1.3"
CHECK = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(duckdb.__version__)
print(con.execute("SELECT count(*) FROM engagements").fetchone()[0])
print(con.execute("SELECT count(*) FROM engagements_flat").fetchone()[0])
print(con.execute("SELECT min(start_date) FROM engagements").fetchone()[0])
print(con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'engagements'").fetchone()[0][:20])
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("compat")
    return build(out, ROOT, check=False)


@pytest.fixture(scope="module")
def old_python(tmp_path_factory) -> Path:
    env = tmp_path_factory.mktemp("duckdb-old") / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", f"duckdb=={OLD_DUCKDB}"], check=True, capture_output=True
    )
    return python


def test_empty_database_is_in_the_old_storage_format():
    assert storage_number(EMPTY_DB) == STORAGE_NUMBER


def test_built_database_keeps_the_old_storage_format(built):
    assert storage_number(built.database) == STORAGE_NUMBER


@pytest.mark.parametrize("which", ["old", "current"])
def test_built_database_opens_in_old_and_current_duckdb(built, old_python, which):
    python = str(old_python) if which == "old" else sys.executable
    out = subprocess.run([python, "-c", CHECK, str(built.database)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    version, rows, flat, first, comment = out.stdout.split("\n")[:5]
    assert version == (OLD_DUCKDB if which == "old" else __import__("duckdb").__version__)
    assert int(rows) == int(flat) == built.rows["engagements"] > 0
    assert first[:4].isdigit() and comment
    assert tuple(map(int, OPENS_WITH.split("."))) <= tuple(map(int, OLD_DUCKDB.split(".")))


def test_parquet_reads_in_pyarrow_and_polars(built):
    import polars as pl
    import pyarrow.parquet as pq

    for name, path in built.parquet.items():
        table = pq.read_table(path)
        frame = pl.read_parquet(path)
        assert table.num_rows == frame.height == built.rows[name], name
    dates = pl.read_parquet(built.parquet["engagements"])["start_date"]
    assert dates.dtype == pl.Date


def test_published_releases_open_in_old_duckdb(old_python, tmp_path):
    """Every release since the storage fix opens in DuckDB 1.1 (1.0.0 and 1.1.0 need 2.0: see 1.1.1)."""
    import json

    from pakru_dataset.release.artifacts import build_artifacts

    for manifest in sorted((ROOT / "releases").glob("*/manifest.json")):
        if "duckdb_storage_version" not in json.loads(manifest.read_text()):
            continue
        out = tmp_path / manifest.parent.name
        build_artifacts(manifest.parent, out)
        result = subprocess.run(
            [str(old_python), "-c", CHECK, str(out / "pakru.duckdb")], capture_output=True
        )
        assert result.returncode == 0, result.stderr
