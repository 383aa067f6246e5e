"""The data dictionary, written from the Table Schemas and view comments (`to_markdown`)."""

from __future__ import annotations

from pakru_dataset.db.views import all_views
from pakru_dataset.descriptor import Field, Package, Table
from pakru_dataset.validate.rules import RULE_DOCS


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _constraints(f: Field) -> str:
    parts = []
    if f.pattern:
        parts.append(f"pattern `{f.pattern}`")
    if f.enum:
        parts.append(f"one of {len(f.enum)} values (below)")
    if f.minimum is not None:
        parts.append(f"≥ {f.minimum:g}")
    if f.maximum is not None:
        parts.append(f"≤ {f.maximum:g}")
    if f.max_length is not None:
        parts.append(f"at most {f.max_length} characters")
    if f.precision_field:
        parts.append(f"precision in `{f.precision_field}`")
    if f.not_before:
        parts.append(f"not before `{f.not_before}`")
    return "; ".join(parts)


def to_markdown(table: Table, package: Package) -> str:
    """One dictionary page: description, keys, related tables, fields and allowed values."""
    lines = [f"# {table.title}", "", table.description, ""]
    from pakru_dataset.docsgen.browse import BROWSABLE

    rows = f" ([browse the rows](../browse/{table.name}.md))" if table.name in BROWSABLE else ""
    lines += [
        f"- **File:** `{table.path}`{rows}",
        f"- **Schema:** `{table.schema_path}`",
        f"- **Primary key:** {', '.join(f'`{k}`' for k in table.primary_key)}",
    ]
    for fk in table.foreign_keys:
        lines.append(
            f"- **Foreign key:** `{', '.join(fk.fields)}` → [{fk.resource}]({fk.resource}.md)"
            f" `{', '.join(fk.reference_fields)}`"
        )
    children = [(t, fk) for t, fk in package.children(table.name) if t.name != table.name]
    if children:
        refs = ", ".join(f"[{t.name}]({t.name}.md) (`{', '.join(fk.fields)}`)" for t, fk in children)
        lines.append(f"- **Referenced by:** {refs}")
    lines += [
        "",
        "## Fields",
        "",
        "| field | type | required | constraints | description |",
        "|---|---|---|---|---|",
    ]
    for f in table.fields:
        lines.append(
            f"| `{f.name}` | {f.type} | {'yes' if f.required else ''} | {_cell(_constraints(f))} "
            f"| {_cell(f.description)} |"
        )
    enums = [f for f in table.fields if f.enum]
    if enums:
        lines += ["", "## Allowed values"]
        for f in enums:
            lines += ["", f"### `{f.name}`", "", "| value | meaning |", "|---|---|"]
            lines += [f"| `{v}` | {_cell(f.enum_descriptions.get(v, ''))} |" for v in f.enum]
    return "\n".join(lines) + "\n"


def index_markdown(package: Package) -> str:
    lines = [
        "# Data dictionary",
        "",
        "Generated from the Frictionless Table Schemas in `schemas/`, the single source of "
        "truth for every field, type, allowed value and key.",
        "",
        "| table | what one row is | fields |",
        "|---|---|---|",
    ]
    for t in package.tables:
        lines.append(f"| [{t.name}]({t.name}.md) | {_cell(t.description)} | {len(t.fields)} |")
    lines += [
        "",
        "See also the [views](views.md) built on these tables and the [validation rules](rules.md).",
    ]
    return "\n".join(lines) + "\n"


def views_markdown(columns: dict[str, list[tuple[str, str]]] | None = None) -> str:
    """The views, from their SQL header comments; with `columns`, their output columns too."""
    lines = [
        "# Views",
        "",
        "Ready-made questions, available in `pakru sql`, `pakru_dataset.connect()` and the "
        "released `pakru.duckdb`. Each description is the view's `COMMENT`.",
        "",
    ]
    for v in all_views():
        lines += [f"## `{v.name}`", "", v.description, ""]
        if columns and v.name in columns:
            lines.append("Columns: " + ", ".join(f"`{c}` ({t.lower()})" for c, t in columns[v.name]))
            lines.append("")
        lines += ['??? note "SQL"', "", "    ```sql"]
        lines += [f"    {line}" for line in v.sql.strip().splitlines()]
        lines += ["    ```", ""]
    return "\n".join(lines)


def rules_markdown() -> str:
    lines = [
        "# Validation rules",
        "",
        "`pakru validate` reports every problem with its file, row (the header is row 1), "
        "column and one of these rule names. Exit code 0 means valid, 1 data errors, 2 an "
        "unreadable package.",
        "",
        "| rule | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {_cell(text)} |" for name, text in RULE_DOCS.items()]
    return "\n".join(lines) + "\n"
