"""One table scan for many checks: every row that breaks any of them, with which ones."""

from __future__ import annotations


def violations(con, source: str, row_expr: str, checks: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Rows of `source` where a check's condition holds.

    `checks` are (SQL condition true for a violating row, SQL value to report). Returns
    (row number, index of the check, value) for every hit, from a single pass.
    """
    if not checks:
        return []
    items = ", ".join(
        f"CASE WHEN {cond} THEN {{'i': {i}, 'v': CAST({value} AS VARCHAR)}} END"
        for i, (cond, value) in enumerate(checks)
    )
    where = " OR ".join(f"({cond})" for cond, _value in checks)
    sql = (
        f"SELECT {row_expr} AS row, list_filter([{items}], lambda x: x IS NOT NULL) AS hits "
        f"FROM {source} WHERE {where}"
    )
    return [(row, hit["i"], hit["v"]) for row, hits in con.execute(sql).fetchall() for hit in hits]
