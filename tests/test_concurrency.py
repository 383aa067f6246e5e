"""Several pakru processes at once, and builds killed at every step (findings F15, F16, F17)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, copy_package
from test_atomic import kill_at

from pakru_dataset.atomic import TMP_PREFIX, clear_stale, temp_path
from pakru_dataset.descriptor import read_package


def _start(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pakru_dataset.cli", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(procs: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    outputs = [p.communicate(timeout=600) for p in procs]
    return [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs, strict=True)]


def test_three_sql_on_a_cold_cache_all_succeed(tmp_path):
    env = {"PAKRU_CACHE": str(tmp_path / "cold")}
    procs = [_start("sql", "SELECT count(*) AS n FROM sources", "-f", "csv", env=env) for _ in range(3)]
    results = _finish(procs)
    for code, out, err in results:
        assert code == 0, err
        assert out.splitlines()[0] == "n" and int(out.splitlines()[1]) > 0
    databases = list((tmp_path / "cold").glob("*/pakru.duckdb"))
    assert len(databases) == 1
    assert not list((tmp_path / "cold").rglob(TMP_PREFIX + "*"))


def _title(out: Path) -> tuple[str, str]:
    query = "SELECT title FROM {} ORDER BY engagement_id LIMIT 1"
    db = duckdb.connect(str(out / "pakru.duckdb"), read_only=True)
    try:
        from_db = db.execute(query.format("engagements")).fetchone()[0]
    finally:
        db.close()
    parquet = str(out / "parquet" / "engagements.parquet").replace("'", "''")
    from_parquet = duckdb.connect().execute(query.format(f"'{parquet}'")).fetchone()[0]
    return from_db, from_parquet


def test_two_builds_into_one_folder_both_succeed(tmp_path):
    out = tmp_path / "out"
    results = _finish([_start("build", "--out", str(out)) for _ in range(2)])
    for code, _out, err in results:
        assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["pakru.duckdb", "parquet"]
    tables = {t.name for t in read_package(ROOT).tables}
    assert {p.stem for p in (out / "parquet").glob("*.parquet")} == tables
    db_title, parquet_title = _title(out)
    assert db_title == parquet_title
    assert not [p for p in tmp_path.rglob(TMP_PREFIX + "*")]


def _retitle(root: Path, title: str) -> None:
    path = root / "data" / "engagements.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[1].rstrip("\n").split(",")
    cells[header.index("title")] = title
    lines[1] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def _build(pkg, out) -> int:
    cmd = [sys.executable, "-m", "pakru_dataset.cli", "build", "-p", str(pkg), "--out", str(out)]
    return subprocess.run(cmd, capture_output=True).returncode


@pytest.mark.parametrize("point", ["database", "parquet", "swap"])
def test_a_killed_rebuild_never_mixes_generations(tmp_path, point):
    pkg = copy_package(tmp_path / "pkg")
    out = tmp_path / "out"
    _retitle(pkg, "Generation one")
    assert _build(pkg, out) == 0
    _retitle(pkg, "Generation two")
    kill_at(point, ["build", "-p", str(pkg), "--out", str(out)])
    assert _title(out) == ("Generation one", "Generation one")
    # The next build cleans up what the killed one left and installs the new generation.
    assert _build(pkg, out) == 0
    assert _title(out) == ("Generation two", "Generation two")
    assert not [p for p in tmp_path.rglob(TMP_PREFIX + "*")]


def test_stale_cleanup_keeps_a_live_process_files_and_removes_a_dead_ones(tmp_path):
    live = temp_path(tmp_path / "thing")
    live.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "pass"])
    sleeper.wait()
    dead = tmp_path / f"{TMP_PREFIX}{sleeper.pid}-0000-thing"
    dead.mkdir()
    legacy = tmp_path / f"{TMP_PREFIX}{sleeper.pid}-thing.parquet"
    legacy.write_text("x")
    clear_stale(tmp_path)
    assert live.is_dir()
    assert not dead.exists() and not legacy.exists()


def test_build_refuses_a_folder_holding_other_files(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = subprocess.run(
        [sys.executable, "-m", "pakru_dataset.cli", "build", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2 and "notes.txt" in result.stderr
    assert (out / "notes.txt").read_text() == "keep me" and sorted(os.listdir(out)) == ["notes.txt"]
