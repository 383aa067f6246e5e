"""One table scan for many checks: every row that breaks any of them, with which ones."""

from __future__ import annotations


def violations(con, source: str, row_expr: str, checks: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Rows of `source` where a check's condition holds.

    `checks` are (SQL condition true for a violating row, SQL value to report). Returns
    (row number, index of the check, value) for every hit. Clean data is the rule, so a first
    scan only asks whether any row breaks any check (a much smaller query to plan); only then
    does a second one say which checks each such row breaks.
    """
    if not checks:
        return []
    where = " OR ".join(f"({cond})" for cond, _value in checks)
    if con.execute(f"SELECT EXISTS (SELECT 1 FROM {source} WHERE {where})").fetchone()[0] is not True:
        return []
    items = ", ".join(
        f"CASE WHEN {cond} THEN {{'i': {i}, 'v': CAST({value} AS VARCHAR)}} END"
        for i, (cond, value) in enumerate(checks)
    )
    sql = (
        f"SELECT {row_expr} AS row, [x FOR x IN [{items}] IF x IS NOT NULL] AS hits "
        f"FROM {source} WHERE {where}"
    )
    return [(row, hit["i"], hit["v"]) for row, hits in con.execute(sql).fetchall() for hit in hits]
