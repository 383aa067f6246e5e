"""One table scan for many checks: every row that breaks any of them, with which ones."""

from __future__ import annotations


def _any_of(checks: list[tuple[str, str]]) -> str:
    return " OR ".join(f"({cond})" for cond, _value in checks)


def any_violation(source: str, checks: list[tuple[str, str]]) -> str:
    """SQL for "does any row of `source` break any check" (a much smaller query to plan)."""
    return f"EXISTS (SELECT 1 FROM {source} WHERE {_any_of(checks)})"


def violations(
    con, source: str, row_expr: str, checks: list[tuple[str, str]], known_bad: bool | None = None
) -> list[tuple[int, int, str]]:
    """Rows of `source` where a check's condition holds.

    `checks` are (SQL condition true for a violating row, SQL value to report). Returns
    (row number, index of the check, value) for every hit. Clean data is the rule, so a first
    scan only asks whether any row breaks any check; only then does a second one say which
    checks each such row breaks. `known_bad` is that first answer when the caller has it.
    """
    if not checks:
        return []
    if known_bad is None:
        known_bad = con.execute(f"SELECT {any_violation(source, checks)}").fetchone()[0] is True
    if not known_bad:
        return []
    items = ", ".join(
        f"CASE WHEN {cond} THEN {{'i': {i}, 'v': CAST({value} AS VARCHAR)}} END"
        for i, (cond, value) in enumerate(checks)
    )
    sql = (
        f"SELECT {row_expr} AS row, [x FOR x IN [{items}] IF x IS NOT NULL] AS hits "
        f"FROM {source} WHERE {_any_of(checks)}"
    )
    return [(row, hit["i"], hit["v"]) for row, hits in con.execute(sql).fetchall() for hit in hits]
