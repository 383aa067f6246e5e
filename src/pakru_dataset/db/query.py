"""Read-only SQL for `pakru sql`: only queries run, only against the dataset, within limits."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from pakru_dataset.sandbox import open_readonly


class QueryRefused(Exception):
    """The statement would change something, or is not a query."""


class QueryFailed(Exception):
    """DuckDB rejected the query, or it hit a limit; the message says which."""


class QueryInterrupted(Exception):
    """The user pressed Ctrl-C while the query ran."""


@dataclass(frozen=True)
class Limits:
    """What one `pakru sql` run may use: wall time, DuckDB memory, rows returned."""

    seconds: float = 30.0
    memory: str = "2GB"
    rows: int = 10_000


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    truncated: bool = False


_COMMENTS = r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*"
# EXPLAIN [ANALYZE] [(options)] <statement>: the statement itself must be a query.
_EXPLAIN = re.compile(rf"^{_COMMENTS}EXPLAIN\s+(?:ANALY[SZ]E\s+)?(?:\([^)]*\)\s*)?", re.I | re.S)
# PIVOT without an IN list is a MULTI statement (it first reads the distinct values).
_PIVOT = re.compile(rf"^{_COMMENTS}PIVOT\b", re.I | re.S)
_ALLOWED = (
    "`pakru sql` is read-only and runs SELECT (including WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, "
    "PIVOT) and EXPLAIN of those only"
)


def _check_statement(con, statement) -> None:
    import duckdb

    kind = statement.type
    if kind == duckdb.StatementType.SELECT:
        return
    if kind == duckdb.StatementType.MULTI and _PIVOT.match(statement.query):
        return
    if kind == duckdb.StatementType.EXPLAIN:
        m = _EXPLAIN.match(statement.query)
        inner = con.extract_statements(statement.query[m.end() :]) if m else []
        if len(inner) == 1 and inner[0].type != duckdb.StatementType.EXPLAIN:
            _check_statement(con, inner[0])
            return
        raise QueryRefused(f"EXPLAIN of anything but a query is not allowed: {_ALLOWED}")
    raise QueryRefused(f"{kind.name} statements are not allowed: {_ALLOWED}")


def check_read_only(con, sql: str) -> None:
    import duckdb

    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryFailed(str(exc)) from None
    if not statements:
        raise QueryRefused("no SQL statement given")
    for statement in statements:
        try:
            _check_statement(con, statement)
        except duckdb.Error as exc:
            raise QueryFailed(str(exc)) from None


def run_query(database: Path, sql: str, limits: Limits | None = None) -> QueryResult:
    """Run one or more read-only statements; return the last one's rows (at most `limits.rows`).

    The query runs in a worker thread so that this one stays free to stop it: after
    `limits.seconds` (QueryFailed), or on Ctrl-C (QueryInterrupted).
    """
    import duckdb

    limits = limits or Limits()
    con = open_readonly(database, memory_limit=limits.memory)
    cur = con.cursor()  # the worker's own handle, so this thread may interrupt it
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            result = None
            for statement in cur.extract_statements(sql):
                result = cur.execute(statement)
            columns = [d[0] for d in result.description] if result.description else []
            rows = result.fetchmany(limits.rows + 1)
            outcome["result"] = QueryResult(columns, rows[: limits.rows], truncated=len(rows) > limits.rows)
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    stopped = None
    try:
        check_read_only(con, sql)
        worker = threading.Thread(target=work, name="pakru-sql", daemon=True)
        deadline = time.monotonic() + limits.seconds
        worker.start()
        try:
            while worker.is_alive():
                worker.join(min(0.25, max(deadline - time.monotonic(), 0.001)))
                if worker.is_alive() and time.monotonic() >= deadline and stopped is None:
                    stopped = "time"
                    cur.interrupt()
        except KeyboardInterrupt:
            # The interrupted query may still be unwinding inside DuckDB: do not wait for it
            # or close its connection here; the caller ends (the database is read-only).
            cur.interrupt()
            stopped = "user"
            raise QueryInterrupted from None
        error = outcome.get("error")
        if error is None:
            return outcome["result"]
        if stopped == "time":
            raise QueryFailed(f"stopped at the time limit of {limits.seconds:g} s; raise it with --timeout")
        if isinstance(error, duckdb.OutOfMemoryException):
            raise QueryFailed(f"stopped at the memory limit of {limits.memory}; raise it with --memory-limit")
        if isinstance(error, duckdb.Error):
            raise QueryFailed(str(error))
        raise error
    finally:
        if stopped != "user":
            cur.close()
            con.close()


def catalog(database: Path) -> QueryResult:
    """Tables and views with their kind and description."""
    return run_query(
        database,
        "SELECT table_name AS name, 'table' AS kind, comment AS description FROM duckdb_tables() "
        "WHERE NOT internal AND schema_name = 'main' "
        "UNION ALL SELECT view_name, 'view', comment FROM duckdb_views() "
        "WHERE NOT internal AND schema_name = 'main' ORDER BY kind, name",
        Limits(rows=100_000),
    )
