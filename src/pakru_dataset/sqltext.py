"""Small helpers that turn schema facts into DuckDB SQL text: quoting and typed casts.

This is the one door through which anything a package names (tables, fields, enum values,
patterns, constraint values, file paths) reaches SQL: `ident` for names, `literal` for
text, `number` for numbers, `file_literal` for files handed to a reader. SQL built
elsewhere uses only these, never a name pasted into an f-string.
"""

from __future__ import annotations

import math
from pathlib import Path

from pakru_dataset.descriptor import Field, Table

DATE_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
INTEGER_PATTERN = "-?[0-9]{1,18}"
NUMBER_PATTERN = "-?[0-9]{1,15}(\\.[0-9]{1,15})?"


def ident(name: str) -> str:
    """A quoted SQL identifier: always in double quotes, inner quotes doubled."""
    return '"' + str(name).replace('"', '""') + '"'


def literal(value: str) -> str:
    """A quoted SQL string literal: always in single quotes, inner quotes doubled."""
    return "'" + str(value).replace("'", "''") + "'"


def number(value: float | int) -> str:
    """A finite number as SQL text (infinity and NaN have no SQL literal)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{value!r} is not a finite number")
    return repr(int(value) if isinstance(value, int) else float(value))


_GLOB_CHARS = "*?["


def reader_path(path: Path) -> str:
    """A file as a DuckDB reader must be given it: absolute, resolved, glob characters escaped.

    DuckDB treats `* ? [` as a glob and `~` as the home directory; an absolute resolved
    path never starts with `~`, and each glob character is wrapped as `[c]`, which matches
    only itself, so the reader opens exactly this file.
    """
    text = str(Path(path).resolve())
    return "".join(f"[{c}]" if c in _GLOB_CHARS else c for c in text)


def file_literal(path: Path) -> str:
    """`reader_path` as a quoted SQL literal."""
    return literal(reader_path(path))


def literal_list(values: tuple[str, ...] | list[str]) -> str:
    return "(" + ", ".join(literal(v) for v in values) + ")"


def valid_type_sql(f: Field, col: str | None = None) -> str:
    """SQL that is true when a non-null VARCHAR cell has the field's lexical form."""
    c = col or ident(f.name)
    if f.type == "date":
        # The pattern fixes the form; the cast rejects impossible days. Year 0000 is refused
        # to match Python's calendar (DuckDB would read it as 1 BC).
        return (
            f"(regexp_full_match({c}, {literal(DATE_PATTERN)}) AND NOT starts_with({c}, '0000') "
            f"AND TRY_CAST({c} AS DATE) IS NOT NULL)"
        )
    if f.type == "integer":
        return f"regexp_full_match({c}, {literal(INTEGER_PATTERN)})"
    if f.type == "number":
        return f"regexp_full_match({c}, {literal(NUMBER_PATTERN)})"
    if f.type == "boolean":
        return f"({c} IN {literal_list(f.true_values + f.false_values)})"
    return "TRUE"


def typed_sql(f: Field, col: str | None = None) -> str:
    """SQL that casts a VARCHAR cell to the field's type, NULL when it is not valid."""
    c = col or ident(f.name)
    if f.type == "string":
        return c
    if f.type == "boolean":
        return (
            f"(CASE WHEN {c} IN {literal_list(f.true_values)} THEN TRUE "
            f"WHEN {c} IN {literal_list(f.false_values)} THEN FALSE END)"
        )
    target = {"date": "DATE", "integer": "BIGINT", "number": "DOUBLE"}[f.type]
    return f"(CASE WHEN {valid_type_sql(f, c)} THEN TRY_CAST({c} AS {target}) END)"


def typed_select(table: Table, source: str, row_expr: str = "rowid + 2") -> str:
    """SELECT every field of `table` from a VARCHAR `source`, typed, plus its `__row` number.

    Non-text fields also keep their original text as `<name>__text`, so a rule can tell an
    empty cell from one that failed its type check.
    """
    cols = [f"{typed_sql(f)} AS {ident(f.name)}" for f in table.fields]
    cols += [f"{ident(f.name)} AS {ident(f.name + '__text')}" for f in table.fields if f.type != "string"]
    return f"SELECT {row_expr} AS __row, {', '.join(cols)} FROM {source}"


def duckdb_type(f: Field) -> str:
    return {
        "string": "VARCHAR",
        "integer": "BIGINT",
        "number": "DOUBLE",
        "boolean": "BOOLEAN",
        "date": "DATE",
    }[f.type]
