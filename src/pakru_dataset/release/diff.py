"""What changed between two versions of the package: schema changes and rows by key.

`compare(old, new)` works on any two package directories (a release snapshot or the working
tree). The required SemVer bump follows from what it finds.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from pakru_dataset.descriptor import Package, Table, read_package

KEY_JOIN = "|"


@dataclass
class SchemaChange:
    table: str
    kind: str  # table-added, table-removed, field-added, field-removed, field-renamed, ...
    detail: str
    breaking: bool

    def to_dict(self) -> dict:
        return {"table": self.table, "kind": self.kind, "detail": self.detail, "breaking": self.breaking}


@dataclass
class RowChange:
    key: str
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (old, new)


@dataclass
class TableDiff:
    table: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> dict:
        return {
            "table": self.table,
            "added": self.added,
            "removed": self.removed,
            "changed": [
                {"key": c.key, "fields": {k: {"old": o, "new": n} for k, (o, n) in c.fields.items()}}
                for c in self.changed
            ],
        }


@dataclass
class Diff:
    old_label: str
    new_label: str
    schema: list[SchemaChange]
    tables: list[TableDiff]

    @property
    def empty(self) -> bool:
        return not self.schema and all(t.empty for t in self.tables)

    @property
    def required_bump(self) -> str | None:
        """The smallest SemVer bump this diff allows (None when nothing changed)."""
        if any(c.breaking for c in self.schema):
            return "major"
        if self.schema or any(t.added for t in self.tables):
            return "minor"
        if any(t.changed or t.removed for t in self.tables):
            return "patch"
        return None

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            t.table: {"added": len(t.added), "removed": len(t.removed), "changed": len(t.changed)}
            for t in self.tables
            if not t.empty
        }

    def to_dict(self) -> dict:
        return {
            "from": self.old_label,
            "to": self.new_label,
            "required_bump": self.required_bump,
            "schema": [c.to_dict() for c in self.schema],
            "tables": [t.to_dict() for t in self.tables if not t.empty],
        }


def _rows(package: Package, table: Table) -> dict[str, dict[str, str]]:
    path = package.root / table.path
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        out = {}
        for row in csv.DictReader(fh):
            out[KEY_JOIN.join(row.get(k) or "" for k in table.primary_key)] = row
        return out


def _schema_changes(old: Package, new: Package) -> list[SchemaChange]:
    changes: list[SchemaChange] = []
    old_tables = {t.name: t for t in old.tables}
    new_tables = {t.name: t for t in new.tables}
    for name in sorted(old_tables.keys() - new_tables.keys()):
        changes.append(SchemaChange(name, "table-removed", f"table {name} removed", True))
    for name in sorted(new_tables.keys() - old_tables.keys()):
        changes.append(SchemaChange(name, "table-added", f"table {name} added", False))
    for name in sorted(old_tables.keys() & new_tables.keys()):
        changes += _table_changes(old_tables[name], new_tables[name])
    return changes


def _table_changes(a: Table, b: Table) -> list[SchemaChange]:
    out: list[SchemaChange] = []
    old_f = {f.name: f for f in a.fields}
    new_f = {f.name: f for f in b.fields}
    removed = [n for n in a.field_names if n not in new_f]
    added = [n for n in b.field_names if n not in old_f]
    # A field gone and one new of the same type in the same place is most likely a rename.
    for name in list(removed):
        pos = a.field_names.index(name)
        twin = b.field_names[pos] if pos < len(b.fields) else None
        if twin in added and new_f[twin].type == old_f[name].type:
            out.append(SchemaChange(a.name, "field-renamed", f"{name} renamed to {twin}", True))
            removed.remove(name)
            added.remove(twin)
    out += [SchemaChange(a.name, "field-removed", f"field {n} removed", True) for n in removed]
    out += [SchemaChange(a.name, "field-added", f"field {n} added", False) for n in added]
    for name in [n for n in a.field_names if n in new_f]:
        fa, fb = old_f[name], new_f[name]
        if fa.type != fb.type:
            out.append(SchemaChange(a.name, "field-retyped", f"{name}: {fa.type} → {fb.type}", True))
        if fa.enum is not None and fb.enum is not None:
            gone = [v for v in fa.enum if v not in fb.enum]
            new = [v for v in fb.enum if v not in fa.enum]
            if gone:
                out.append(SchemaChange(a.name, "enum-values-removed", f"{name}: {', '.join(gone)}", True))
            if new:
                out.append(SchemaChange(a.name, "enum-values-added", f"{name}: {', '.join(new)}", False))
        if fb.required and not fa.required:
            out.append(SchemaChange(a.name, "field-now-required", f"{name} is now required", True))
        if name in a.primary_key and fa.pattern != fb.pattern:
            out.append(
                SchemaChange(a.name, "id-scheme-changed", f"{name}: {fa.pattern} → {fb.pattern}", True)
            )
    if a.primary_key != b.primary_key:
        out.append(
            SchemaChange(
                a.name,
                "primary-key-changed",
                f"{', '.join(a.primary_key)} → {', '.join(b.primary_key)}",
                True,
            )
        )
    return out


def compare(old_root: Path, new_root: Path, old_label: str = "old", new_label: str = "new") -> Diff:
    old, new = read_package(Path(old_root)), read_package(Path(new_root))
    tables: list[TableDiff] = []
    new_tables = {t.name: t for t in new.tables}
    for table in old.tables:
        if table.name not in new_tables:
            continue
        nt = new_tables[table.name]
        before, after = _rows(old, table), _rows(new, nt)
        td = TableDiff(table.name)
        td.added = sorted(after.keys() - before.keys())
        td.removed = sorted(before.keys() - after.keys())
        common = [n for n in table.field_names if n in nt.field_names]
        for key in sorted(before.keys() & after.keys()):
            changed = {
                n: (before[key].get(n, ""), after[key].get(n, ""))
                for n in common
                if before[key].get(n, "") != after[key].get(n, "")
            }
            if changed:
                td.changed.append(RowChange(key, changed))
        tables.append(td)
    for table in new.tables:
        if table.name not in {t.name for t in old.tables}:
            tables.append(TableDiff(table.name, added=sorted(_rows(new, table).keys())))
    return Diff(old_label, new_label, _schema_changes(old, new), tables)
