"""Run the dataset rules of `rules.py` against a workspace's typed views."""

from __future__ import annotations

from pakru_dataset.descriptor import Table
from pakru_dataset.sqltext import ident
from pakru_dataset.validate.findings import Finding
from pakru_dataset.validate.rules import TABLE_RULES, RowRule, row_rules
from pakru_dataset.validate.scan import any_violation, violations
from pakru_dataset.validate.workspace import Workspace, typed_name

# Below this many rows a table's text rules are asked of all its text cells stacked at once.
STACK_BELOW_ROWS = 100_000


def _active_rules(ws: Workspace, table: Table) -> list[RowRule]:
    rules = row_rules(ws.package, table)
    if table.name not in ws.multiline:
        # Without multi-line records no cell holds a line feed, and carriage returns are a
        # structural fault already, so the line-break rule cannot fire: skip its scan.
        rules = [r for r in rules if r.rule != "line-break"]
    return rules


def row_rule_screen(ws: Workspace, table: Table) -> str | None:
    """SQL true when any row breaks a row rule (None: no rule applies).

    Rules written once per text column (`RowRule.per_value`) are asked once, of all those
    columns' cells stacked: DuckDB plans one condition instead of one per column. A big
    table is asked column by column, where running the query costs more than planning it.
    """
    rules = _active_rules(ws, table)
    if not rules:
        return None
    source = typed_name(table)
    stack = ws.loaded.get(table.name, 0) < STACK_BELOW_ROWS
    stacked: dict[str, tuple] = {}
    rest = []
    for r in rules:
        if stack and r.per_value is not None:
            stacked.setdefault(r.rule, (r.per_value, []))[1].append(ident(r.field))
        else:
            rest.append(r)
    by_columns: dict[tuple[str, ...], list] = {}
    for template, columns in stacked.values():
        by_columns.setdefault(tuple(columns), []).append(template)
    parts = [
        f"EXISTS (SELECT 1 FROM (SELECT unnest([{', '.join(columns)}]) AS v FROM {source}) WHERE "
        + " OR ".join(f"NOT coalesce({template('v')}, TRUE)" for template in templates)
        + ")"
        for columns, templates in by_columns.items()
    ]
    if rest:
        parts.append(any_violation(source, [(f"NOT coalesce({r.ok}, TRUE)", "") for r in rest]))
    return "(" + " OR ".join(parts) + ")"


def row_rule_findings(ws: Workspace, table: Table, known_bad: bool | None = None) -> list[Finding]:
    """Every row rule of a table in one scan of its typed view."""
    rules = _active_rules(ws, table)
    checks = [(f"NOT coalesce({r.ok}, TRUE)", r.value or ident(r.field)) for r in rules]
    hits = violations(ws.con, typed_name(table), "__row", checks, known_bad)
    return [
        Finding(table.path, row, rules[i].field, rules[i].rule, rules[i].message, value=value)
        for row, i, value in hits
    ]


def table_rule_findings(ws: Workspace) -> list[Finding]:
    """Every table rule whose tables loaded cleanly (the queries run in parallel)."""
    pkg = ws.package
    runnable = [
        (rule, sql)
        for rule in TABLE_RULES
        for needs, sql in rule.queries(pkg)
        if all(pkg.has_table(n) and ws.is_clean(n) for n in needs)
    ]

    def run(ws: Workspace, item) -> list[Finding]:
        rule, sql = item
        return [
            Finding(
                pkg.table(tbl).path,
                row,
                field,
                rule.rule,
                message,
                value=None if value is None else str(value),
            )
            for tbl, row, field, value, message in ws.con.execute(sql).fetchall()
        ]

    return [finding for found in ws.each(run, runnable) for finding in found]
