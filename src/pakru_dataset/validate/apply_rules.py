"""Run the dataset rules of `rules.py` against a workspace's typed views."""

from __future__ import annotations

from pakru_dataset.descriptor import Table
from pakru_dataset.sqltext import ident
from pakru_dataset.validate.findings import Finding
from pakru_dataset.validate.rules import TABLE_RULES, row_rules
from pakru_dataset.validate.workspace import Workspace, typed_name


def row_rule_findings(ws: Workspace, table: Table) -> list[Finding]:
    """Every row rule of a table in one scan of its typed view."""
    rules = row_rules(ws.package, table)
    if table.name not in ws.multiline:
        # Without multi-line records no cell holds a line feed, and carriage returns are a
        # structural fault already, so the line-break rule cannot fire: skip its scan.
        rules = [r for r in rules if r.rule != "line-break"]
    if not rules:
        return []
    items = ", ".join(
        f"CASE WHEN NOT coalesce({r.ok}, TRUE) THEN "
        f"{{'i': {i}, 'v': CAST({r.value or ident(r.field)} AS VARCHAR)}} END"
        for i, r in enumerate(rules)
    )
    where = " OR ".join(f"NOT coalesce({r.ok}, TRUE)" for r in rules)
    sql = (
        f"SELECT __row, list_filter([{items}], lambda x: x IS NOT NULL) FROM {typed_name(table)} "
        f"WHERE {where}"
    )
    found = []
    for row, hits in ws.con.execute(sql).fetchall():
        for hit in hits:
            rule = rules[hit["i"]]
            found.append(Finding(table.path, row, rule.field, rule.rule, rule.message, value=hit["v"]))
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
