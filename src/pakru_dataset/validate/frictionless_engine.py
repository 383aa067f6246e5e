"""The reference engine: Frictionless for the Table Schema semantics, then Pandera.

Frictionless checks types, constraints and keys; the Pandera schemas derived from the same
Table Schemas add strict lexical forms (it accepts `2021-2-3` as a date) and run the row
rules. Findings are translated into the same wording as the fast engine's.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pakru_dataset.descriptor import Package, Table
from pakru_dataset.validate.findings import Finding
from pakru_dataset.validate.messages import field_finding, foreign_key_finding, primary_key_finding
from pakru_dataset.validate.rules import row_rules
from pakru_dataset.validate.workspace import Workspace, raw_name

_CONSTRAINT = re.compile(r'constraint "(\w+)"')
_FK_NOTE = re.compile(r'for "([^"]+)": values "(.*)" not found')
_CONSTRAINT_RULES = {
    "required": "required",
    "enum": "enum",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "minLength": "min-length",
    "maxLength": "max-length",
}
_PANDERA_RULES = {"not_nullable": "required"}


def _descriptor(package: Package, clean: set[str]) -> dict[str, Any]:
    """The package descriptor limited to structurally clean tables, schemas inlined."""
    resources = []
    for raw in package.descriptor["resources"]:
        if raw["name"] not in clean:
            continue
        res = dict(raw)
        schema = (
            json.loads((package.root / raw["schema"]).read_text(encoding="utf-8"))
            if isinstance(raw["schema"], str)
            else dict(raw["schema"])
        )
        schema.pop("$schema", None)
        schema.pop("profile", None)
        # Patterns are checked with RE2 by the Pandera schema: Python's backtracking regex
        # engine can take exponential time on a hostile pattern.
        schema["fields"] = [_without_pattern(f) for f in schema.get("fields", [])]
        schema["foreignKeys"] = [
            fk
            for fk in schema.get("foreignKeys", [])
            if fk["reference"].get("resource", raw["name"]) in clean or not fk["reference"].get("resource")
        ]
        res["schema"] = schema
        res["dialect"] = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}
        res.pop("profile", None)  # a URL here would be fetched: never touch the network
        res.pop("$schema", None)
        resources.append(res)
    out = {k: v for k, v in package.descriptor.items() if k not in ("resources", "$schema", "profile")}
    out["resources"] = resources
    return out


def _without_pattern(raw: Any) -> Any:
    if not isinstance(raw, dict) or not isinstance(raw.get("constraints"), dict):
        return raw
    constraints = {k: v for k, v in raw["constraints"].items() if k != "pattern"}
    return {**raw, "constraints": constraints}


def frictionless_findings(ws: Workspace) -> list[Finding]:
    import frictionless

    package = ws.package
    clean = {t.name for t in package.tables if ws.is_clean(t.name)}
    if not clean:
        return []
    try:
        fl_package = frictionless.Package(_descriptor(package, clean), basepath=str(package.root))
        report = fl_package.validate(limit_errors=10**9)
    except frictionless.FrictionlessException as exc:
        return [Finding("datapackage.json", None, None, "descriptor", str(exc).splitlines()[0][:300])]
    found: list[Finding] = []
    for task in report.tasks:
        table = package.table(task.name)
        for error in task.errors:
            found.append(_translate(table, error.to_descriptor()))
    for error in report.errors:
        found.append(Finding("datapackage.json", None, None, "descriptor", error.message))
    return found


def _translate(table: Table, e: dict[str, Any]) -> Finding:
    kind = e.get("type")
    row = e.get("rowNumber")
    name = e.get("fieldName")
    cell = e.get("cell")
    if kind == "type-error" and name:
        return field_finding(table, table.field(name), row, "type", cell)
    if kind == "constraint-error" and name:
        m = _CONSTRAINT.search(e.get("note", ""))
        rule = _CONSTRAINT_RULES.get(m.group(1) if m else "", "constraint")
        return field_finding(table, table.field(name), row, rule, cell or None)
    if kind == "primary-key":
        cells = e.get("cells") or []
        idx = [table.field_names.index(k) for k in table.primary_key]
        value = ",".join(str(cells[i]) for i in idx if i < len(cells))
        return primary_key_finding(table, row, value)
    if kind == "foreign-key":
        m = _FK_NOTE.search(e.get("note", ""))
        fields = tuple(m.group(1).split(", ")) if m else ()
        fk = next((k for k in table.foreign_keys if ",".join(k.fields) == ",".join(fields)), None)
        if fk is not None:
            return foreign_key_finding(table, fk, row, m.group(2) if m else "")
    return Finding(table.path, row, name, f"frictionless:{kind}", e.get("message", ""))


def pandera_findings(ws: Workspace, table: Table) -> list[Finding]:
    import pandera.errors

    from pakru_dataset.validate.pandera_schema import to_pandera

    schema = to_pandera(table, ws.package)
    df = ws.con.execute(f"SELECT * FROM {raw_name(table)} ORDER BY rowid").df()
    df = df.astype(object).where(df.notna(), None)
    try:
        schema.validate(df, lazy=True)
        return []
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    found: list[Finding] = []
    rules = {(r.rule, r.field): r for r in row_rules(ws.package, table)}
    for rec in cases.to_dict("records"):
        check = str(rec.get("check"))
        index = rec.get("index")
        if index is None or index != index:  # NaN: a schema-level failure without a row
            found.append(Finding(table.path, None, rec.get("column"), "pandera", check))
            continue
        row = int(index) + 2
        if "|" in check:
            rule_name, field = check.split("|", 1)
            rule = rules[(rule_name, field)]
            value = df.at[int(index), field] if field in df.columns else None
            found.append(
                Finding(
                    table.path,
                    row,
                    field,
                    rule.rule,
                    rule.message,
                    value=None if value is None else str(value),
                )
            )
        elif check in ("field_uniqueness", "multiple_fields_uniqueness"):
            key = ",".join(str(df.at[int(index), k]) for k in table.primary_key)
            found.append(primary_key_finding(table, row, key))
        else:
            rule = _PANDERA_RULES.get(check, check)
            column = rec.get("column")
            value = df.at[int(index), column] if column in df.columns else None
            found.append(field_finding(table, table.field(column), row, rule, value))
    return found
