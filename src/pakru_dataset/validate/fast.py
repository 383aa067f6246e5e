"""The fast engine: Table Schema semantics as DuckDB SQL generated from the schemas."""

from __future__ import annotations

from pakru_dataset.descriptor import Field, Table
from pakru_dataset.sqltext import ident, literal, literal_list, number, valid_type_sql
from pakru_dataset.validate.findings import Finding
from pakru_dataset.validate.messages import field_finding, foreign_key_finding, primary_key_finding
from pakru_dataset.validate.scan import any_violation, violations
from pakru_dataset.validate.workspace import Workspace, raw_name, typed_name


def _field_checks(f: Field) -> list[tuple[str, str]]:
    """(rule, SQL condition true for a violating cell) for one field, in frictionless order."""
    c = ident(f.name)
    present = f"{c} IS NOT NULL"
    valid = valid_type_sql(f)
    checks: list[tuple[str, str]] = []
    if f.required:
        checks.append(("required", f"{c} IS NULL"))
    if f.type != "string":
        checks.append(("type", f"{present} AND NOT {valid}"))
    ok = f"{present} AND {valid}"
    if f.enum is not None:
        checks.append(("enum", f"{ok} AND {c} NOT IN {literal_list(f.enum)}"))
    if f.pattern:
        checks.append(("pattern", f"{ok} AND NOT regexp_full_match({c}, {literal(f.pattern)})"))
    if f.min_length is not None:
        checks.append(("min-length", f"{ok} AND length({c}) < {int(f.min_length)}"))
    if f.max_length is not None:
        checks.append(("max-length", f"{ok} AND length({c}) > {int(f.max_length)}"))
    if f.minimum is not None:
        checks.append(("minimum", f"{ok} AND TRY_CAST({c} AS DOUBLE) < {number(f.minimum)}"))
    if f.maximum is not None:
        checks.append(("maximum", f"{ok} AND TRY_CAST({c} AS DOUBLE) > {number(f.maximum)}"))
    return checks


def _all_field_checks(table: Table) -> list[tuple[Field, str, str]]:
    return [(f, rule, cond) for f in table.fields for rule, cond in _field_checks(f)]


def field_screen(table: Table) -> str | None:
    """SQL true when any cell of the table breaks a field check (None: nothing to check)."""
    checks = _all_field_checks(table)
    return any_violation(raw_name(table), [(cond, "") for _f, _r, cond in checks]) if checks else None


def field_findings(ws: Workspace, table: Table, known_bad: bool | None = None) -> list[Finding]:
    """Every cell-level check of a table in one scan; only violating rows come back."""
    checks = _all_field_checks(table)
    sql_checks = [(cond, ident(f.name)) for f, _r, cond in checks]
    hits = violations(ws.con, raw_name(table), "rowid + 2", sql_checks, known_bad)
    return [field_finding(table, checks[i][0], row, checks[i][1], value) for row, i, value in hits]


def table_findings(ws: Workspace, table: Table, date_field: str | None) -> tuple[list[Finding], tuple | None]:
    """Cell checks and row rules of one freshly loaded table, and its span of years.

    One query asks whether any cell check or row rule fails and reads the span; only a
    group that fails is scanned again to locate its rows.
    """
    from pakru_dataset.validate.apply_rules import row_rule_findings, row_rule_screen

    screens = {"fields": field_screen(table), "rules": row_rule_screen(ws, table)}
    asked = {k: v for k, v in screens.items() if v}
    parts = list(asked.values())
    if date_field:
        c = ident(date_field)
        parts.append(f"(SELECT [min(year({c})), max(year({c}))] FROM {typed_name(table)})")
    if not parts:
        return [], None
    answers = ws.con.execute("SELECT " + ", ".join(parts)).fetchone()
    failed = dict(zip(asked, answers, strict=False))
    found = []
    if failed.get("fields"):
        found += field_findings(ws, table, known_bad=True)
    if failed.get("rules"):
        found += row_rule_findings(ws, table, known_bad=True)
    span = tuple(answers[-1]) if date_field else None
    return found, span


def key_findings(ws: Workspace, table: Table) -> list[Finding]:
    """Duplicate primary keys and dangling foreign keys.

    Clean data is the rule, so one query first asks whether the keys are unique (as many
    distinct hashes as rows proves it: identical keys hash alike) and whether any reference
    dangles; only a check that fails runs again to find its rows.
    """
    con = ws.con
    table_sql = raw_name(table)
    screens: list[str] = []
    locate: list = []
    if table.primary_key:
        cols = ", ".join(ident(k) for k in table.primary_key)
        not_null = " AND ".join(f"{ident(k)} IS NOT NULL" for k in table.primary_key)
        shown = "concat_ws(',', " + cols + ")"
        repeated = f"SELECT {cols} FROM {table_sql} WHERE {not_null} GROUP BY ALL HAVING count(*) > 1"
        sql = (
            f"SELECT row, value FROM (SELECT rowid + 2 AS row, {shown} AS value, "
            f"row_number() OVER (PARTITION BY {cols} ORDER BY rowid) AS n "
            f"FROM {table_sql} WHERE ({cols}) IN ({repeated})) WHERE n > 1"
        )
        screens.append(f"(SELECT count(*) <> count(DISTINCT hash({cols})) FROM {table_sql} WHERE {not_null})")
        locate.append((sql, lambda r, v: primary_key_finding(table, r, v)))
    for fk in table.foreign_keys:
        if not ws.is_clean(fk.resource):
            continue
        parent = ws.package.table(fk.resource)
        not_null = " AND ".join(f"c.{ident(k)} IS NOT NULL" for k in fk.fields)
        match = " AND ".join(
            f"p.{ident(r)} = c.{ident(k)}" for k, r in zip(fk.fields, fk.reference_fields, strict=True)
        )
        shown = "concat_ws(',', " + ", ".join(f"c.{ident(k)}" for k in fk.fields) + ")"
        # An anti join, not NOT EXISTS: inside the screen's EXISTS DuckDB would run NOT EXISTS
        # row by row (four times slower on a million rows).
        dangling = f"FROM {table_sql} c ANTI JOIN {raw_name(parent)} p ON {match} WHERE {not_null}"
        screens.append(f"EXISTS (SELECT 1 {dangling})")
        locate.append(
            (
                f"SELECT c.rowid + 2, {shown} {dangling}",
                lambda r, v, fk=fk: foreign_key_finding(table, fk, r, v),
            )
        )
    if not screens:
        return []
    failed = con.execute("SELECT " + ", ".join(screens)).fetchone()
    return [
        make(row, value)
        for (sql, make), fails in zip(locate, failed, strict=True)
        if fails
        for row, value in con.execute(sql).fetchall()
    ]


def schema_findings(ws: Workspace, table: Table) -> list[Finding]:
    return field_findings(ws, table) + key_findings(ws, table)
