"""DuckDB DDL derived from the Table Schemas: `to_duckdb_ddl` and `to_duckdb_comments`."""

from __future__ import annotations

from pakru_dataset.descriptor import Package, Table
from pakru_dataset.sqltext import duckdb_type, ident, literal, literal_list


def to_duckdb_ddl(table: Table) -> str:
    """CREATE TABLE with types, NOT NULL, enum CHECKs, primary and foreign keys."""
    lines = []
    for f in table.fields:
        col = f"  {ident(f.name)} {duckdb_type(f)}"
        if f.required:
            col += " NOT NULL"
        if f.enum is not None:
            col += f" CHECK ({ident(f.name)} IN {literal_list(f.enum)})"
        lines.append(col)
    if table.primary_key:
        lines.append(f"  PRIMARY KEY ({', '.join(ident(k) for k in table.primary_key)})")
    for fk in table.foreign_keys:
        lines.append(
            f"  FOREIGN KEY ({', '.join(ident(k) for k in fk.fields)}) "
            f"REFERENCES {ident(fk.resource)} ({', '.join(ident(k) for k in fk.reference_fields)})"
        )
    return f"CREATE TABLE {ident(table.name)} (\n" + ",\n".join(lines) + "\n);"


def to_duckdb_comments(table: Table) -> list[str]:
    """COMMENT ON the table and each column, from the schema descriptions."""
    text = table.title + (f": {table.description}" if table.description else "")
    out = [f"COMMENT ON TABLE {ident(table.name)} IS {literal(text)};"]
    for f in table.fields:
        if f.description:
            out.append(f"COMMENT ON COLUMN {ident(table.name)}.{ident(f.name)} IS {literal(f.description)};")
    return out


def schema_sql(package: Package) -> str:
    """The whole database schema as one SQL script (tables, then comments)."""
    parts = [to_duckdb_ddl(t) for t in package.tables]
    parts += [c for t in package.tables for c in to_duckdb_comments(t)]
    return "\n\n".join(parts) + "\n"
