"""Run the dataset rules of `rules.py` against a workspace's typed views."""

from __future__ import annotations

from pakru_dataset.descriptor import Table
from pakru_dataset.validate.findings import Finding
from pakru_dataset.validate.rules import TABLE_RULES, row_rules
from pakru_dataset.validate.workspace import Workspace, typed_name


def row_rule_findings(ws: Workspace, table: Table) -> list[Finding]:
    found = []
    for rule in row_rules(ws.package, table):
        for row, value in ws.con.execute(rule.violations_sql(typed_name(table))).fetchall():
            found.append(Finding(table.path, row, rule.field, rule.rule, rule.message, value=value))
    return found


def table_rule_findings(ws: Workspace) -> list[Finding]:
    found = []
    pkg = ws.package
    for rule in TABLE_RULES:
        for needs, sql in rule.queries(pkg):
            if not all(pkg.has_table(n) and ws.is_clean(n) for n in needs):
                continue
            for tbl, row, field, value, message in ws.con.execute(sql).fetchall():
                found.append(
                    Finding(
                        pkg.table(tbl).path,
                        row,
                        field,
                        rule.rule,
                        message,
                        value=None if value is None else str(value),
                    )
                )
    return found
