"""Corrupted copies of the real data package, one per error class.

Each corruption edits a copy in place and returns the finding it must produce:
(file, row, field, rule) — `row` counts the header as 1, `field` is None for whole-line
faults. The validation tests, the engine-parity test and the bad-input corpus all use
this one registry.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

Expected = tuple[str, int | None, str | None, str]
CORRUPTIONS: dict[str, Callable[[Path], Expected]] = {}


def corruption(name: str):
    def register(fn: Callable[[Path], Expected]) -> Callable[[Path], Expected]:
        CORRUPTIONS[name] = fn
        return fn

    return register


def read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(root: Path, table: str, index: int, field: str, value: str) -> Expected:
    """Set data row `index` (0-based) of a table; return (file, row, field) for it."""
    path = root / "data" / f"{table}.csv"
    header, rows = read(path)
    rows[index][header.index(field)] = value
    write(path, header, rows)
    return f"data/{table}.csv", index + 2, field, ""


def _lines(root: Path, table: str) -> tuple[Path, list[bytes]]:
    path = root / "data" / f"{table}.csv"
    return path, path.read_bytes().split(b"\n")


@corruption("bad calendar date")
def bad_calendar_date(root: Path) -> Expected:
    return (*set_cell(root, "engagements", 0, "start_date", "2015-02-30")[:3], "type")


@corruption("bad date format")
def bad_date_format(root: Path) -> Expected:
    return (*set_cell(root, "agreements", 2, "signed_date", "2015-2-3")[:3], "type")


@corruption("unknown enum value")
def unknown_enum(root: Path) -> Expected:
    return (*set_cell(root, "engagements", 3, "engagement_type", "banquet")[:3], "enum")


@corruption("duplicate id")
def duplicate_id(root: Path) -> Expected:
    _header, rows = read(root / "data" / "sources.csv")
    first = rows[0][0]
    return (*set_cell(root, "sources", 1, "source_id", first)[:2], "source_id", "primary-key")


@corruption("dangling foreign key")
def dangling_fk(root: Path) -> Expected:
    return (*set_cell(root, "engagement_participants", 4, "actor_id", "nobody-at-all")[:3], "foreign-key")


@corruption("missing required value")
def missing_required(root: Path) -> Expected:
    return (*set_cell(root, "engagements", 5, "title", "")[:3], "required")


@corruption("extra cell")
def extra_cell(root: Path) -> Expected:
    path, lines = _lines(root, "events")
    lines[3] = lines[3] + b",surplus"
    path.write_bytes(b"\n".join(lines))
    return "data/events.csv", 4, None, "cell-count"


@corruption("extra header column")
def extra_header_column(root: Path) -> Expected:
    path = root / "data" / "actors.csv"
    header, rows = read(path)
    write(path, [*header, "nickname"], [[*r, ""] for r in rows])
    return "data/actors.csv", 1, "nickname", "header"


@corruption("swapped columns")
def swapped_columns(root: Path) -> Expected:
    path = root / "data" / "engagements.csv"
    header, rows = read(path)
    i, j = header.index("title"), header.index("summary")
    swap = lambda r: [*r[:i], r[j], *r[i + 1 : j], r[i], *r[j + 1 :]]  # noqa: E731
    write(path, swap(header), [swap(r) for r in rows])
    return "data/engagements.csv", 1, "summary", "header"


@corruption("invalid UTF-8")
def invalid_utf8(root: Path) -> Expected:
    path, lines = _lines(root, "agreements")
    lines[6] = lines[6].replace(b",", b",\xff\xfe", 1)
    path.write_bytes(b"\n".join(lines))
    return "data/agreements.csv", 7, None, "encoding"


@corruption("unclosed quote")
def unclosed_quote(root: Path) -> Expected:
    path, lines = _lines(root, "roll_calls")
    cells = lines[9].split(b",")
    cells[1] = b'"' + cells[1]
    lines[9] = b",".join(cells)
    path.write_bytes(b"\n".join(lines))
    return "data/roll_calls.csv", 10, None, "quote"


@corruption("formula injection")
def formula_injection(root: Path) -> Expected:
    return (*set_cell(root, "engagements", 7, "title", '=HYPERLINK("http://x.test")')[:3], "formula")


@corruption("end before start")
def end_before_start(root: Path) -> Expected:
    header, rows = read(root / "data" / "engagements.csv")
    start = rows[8][header.index("start_date")]
    precision_at = header.index("date_precision")
    rows[8][precision_at] = "day"
    write(root / "data" / "engagements.csv", header, rows)
    year = int(start[:4]) - 1
    return (*set_cell(root, "engagements", 8, "end_date", f"{year}-01-01")[:3], "date-order")


@corruption("uncited row")
def uncited_row(root: Path) -> Expected:
    _header, rows = read(root / "data" / "engagements.csv")
    target = rows[10][0]
    path = root / "data" / "engagement_sources.csv"
    link_header, links = read(path)
    write(path, link_header, [r for r in links if r[0] != target])
    return "data/engagements.csv", 12, "engagement_id", "uncited"
