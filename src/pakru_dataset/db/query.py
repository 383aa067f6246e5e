"""Read-only SQL for `pakru sql`: only queries run, and only against the dataset."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class QueryRefused(Exception):
    """The statement would change something, or is not a query."""


class QueryFailed(Exception):
    """DuckDB rejected the query; the message is DuckDB's."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]


def _allowed_types():
    import duckdb

    return {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


def open_readonly(database: Path):
    """The database opened read-only, with file access and settings locked."""
    import duckdb

    return duckdb.connect(
        str(database),
        read_only=True,
        config={"enable_external_access": False, "lock_configuration": True},
    )


def check_read_only(con, sql: str) -> None:
    import duckdb

    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryFailed(str(exc)) from None
    if not statements:
        raise QueryRefused("no SQL statement given")
    allowed = _allowed_types()
    for statement in statements:
        if statement.type not in allowed:
            kind = statement.type.name
            raise QueryRefused(
                f"{kind} statements are not allowed: `pakru sql` is read-only and runs "
                "SELECT (including WITH, DESCRIBE, SHOW, SUMMARIZE) and EXPLAIN only"
            )


def run_query(database: Path, sql: str) -> QueryResult:
    """Run one or more read-only statements; return the last one's rows."""
    import duckdb

    con = open_readonly(database)
    try:
        check_read_only(con, sql)
        result = None
        for statement in con.extract_statements(sql):
            result = con.execute(statement)
        columns = [d[0] for d in result.description] if result.description else []
        return QueryResult(columns, result.fetchall())
    except duckdb.Error as exc:
        raise QueryFailed(str(exc)) from None
    finally:
        con.close()


def catalog(database: Path) -> QueryResult:
    """Tables and views with their kind and description."""
    return run_query(
        database,
        "SELECT table_name AS name, 'table' AS kind, comment AS description FROM duckdb_tables() "
        "WHERE NOT internal AND schema_name = 'main' "
        "UNION ALL SELECT view_name, 'view', comment FROM duckdb_views() "
        "WHERE NOT internal AND schema_name = 'main' ORDER BY kind, name",
    )
