"""Run the dataset rules of `rules.py` against a workspace's typed views."""

from __future__ import annotations

from pakru_dataset.descriptor import Table
from pakru_dataset.sqltext import ident
from pakru_dataset.validate.findings import Finding
from pakru_dataset.validate.rules import TABLE_RULES, row_rules
from pakru_dataset.validate.scan import violations
from pakru_dataset.validate.workspace import Workspace, typed_name


def row_rule_findings(ws: Workspace, table: Table) -> list[Finding]:
    """Every row rule of a table in one scan of its typed view."""
    rules = row_rules(ws.package, table)
    if table.name not in ws.multiline:
        # Without multi-line records no cell holds a line feed, and carriage returns are a
        # structural fault already, so the line-break rule cannot fire: skip its scan.
        rules = [r for r in rules if r.rule != "line-break"]
    checks = [(f"NOT coalesce({r.ok}, TRUE)", r.value or ident(r.field)) for r in rules]
    hits = violations(ws.con, typed_name(table), "__row", checks)
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
