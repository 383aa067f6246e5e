"""`pakru sql` runs within a time limit, a memory limit and a row cap, and stops on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from conftest import ROOT, run_pakru

FOREVER = "SELECT count(*) FROM range(1000000000000::BIGINT)"


def test_time_limit_stops_a_runaway_query():
    started = time.monotonic()
    result = run_pakru("sql", "--timeout", "1", FOREVER)
    assert result.returncode == 1
    assert "time limit of 1 s" in result.stderr and "--timeout" in result.stderr
    assert time.monotonic() - started < 60


def test_memory_limit_stops_a_memory_bomb():
    result = run_pakru("sql", "--memory-limit", "100MB", "SELECT len(list(range)) FROM range(400000000)")
    assert result.returncode == 1
    assert "memory limit" in result.stderr.lower(), result.stderr[-400:]


def test_row_cap_with_a_note():
    result = run_pakru("sql", "-f", "csv", "--max-rows", "5", "SELECT range FROM range(100)")
    assert result.returncode == 0
    assert result.stdout.strip().splitlines()[-1] == "4"
    assert "first 5 rows" in result.stderr and "--max-rows" in result.stderr


def test_bad_limits_are_usage_errors():
    for args in (["--memory-limit", "abc"], ["--memory-limit", "1KB"], ["--max-rows", "0"]):
        result = run_pakru("sql", *args, "SELECT 1")
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr


def test_ctrl_c_says_interrupted_and_exits_130():
    run_pakru("sql", "SELECT 1")  # build the cache first
    proc = subprocess.Popen(
        [sys.executable, "-m", "pakru_dataset.cli", "sql", FOREVER],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted" in err and "Traceback" not in err


def test_explain_analyze_cannot_wrap_a_write():
    sql = (
        "EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 42 AS a; "
        "EXPLAIN ANALYZE INSERT INTO t VALUES (43); SELECT * FROM t"
    )
    result = run_pakru("sql", "-f", "csv", sql)
    assert result.returncode == 1
    assert "refused" in result.stderr and "42" not in result.stdout
    assert run_pakru("sql", "EXPLAIN ANALYZE SELECT count(*) FROM actors").returncode == 0


def test_pivot_runs():
    result = run_pakru("sql", "-f", "csv", "PIVOT actors ON actor_type USING count(*)")
    assert result.returncode == 0, result.stderr
    assert "person" in result.stdout.splitlines()[0]
