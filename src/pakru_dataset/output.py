"""One way to print rows for every command: `--format table|csv|json|markdown`."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from typing import Any

FORMATS = ("table", "csv", "json", "markdown")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]], excel_safe: bool = False) -> str:
    """CSV with every value as it is; `excel_safe` prefixes formula-like text with an apostrophe."""
    guard = spreadsheet_safe if excel_safe else (lambda v: v)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_text(guard(v)) for v in row])
    return buf.getvalue()


def to_json(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    return json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n"


def to_markdown(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def cell(v: Any) -> str:
        return _text(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def render(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str,
    title: str | None = None,
    excel_safe: bool = False,
) -> None:
    """Print rows to stdout in the chosen format (`excel_safe`: the spreadsheet guard for csv)."""
    if fmt == "csv":
        sys.stdout.write(to_csv(columns, rows, excel_safe))
    elif fmt == "json":
        sys.stdout.write(to_json(columns, rows))
    elif fmt == "markdown":
        if title:
            sys.stdout.write(f"### {title}\n\n")
        sys.stdout.write(to_markdown(columns, rows))
    else:
        from rich.console import Console
        from rich.table import Table

        console = Console(width=None if sys.stdout.isatty() else 200)
        table = Table(title=title, show_lines=False, header_style="bold")
        for c in columns:
            table.add_column(c, overflow="fold")
        for row in rows:
            table.add_row(*(_text(v) for v in row))
        console.print(table)
