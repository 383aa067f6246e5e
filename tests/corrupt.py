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


# ---- the wider bad-input corpus: spreadsheet exports and hand edits gone wrong ------------


def _rewrite(root: Path, table: str, fn) -> Path:
    path = root / "data" / f"{table}.csv"
    path.write_bytes(fn(path.read_bytes()))
    return path


@corruption("truncated file")
def truncated_file(root: Path) -> Expected:
    data = (root / "data" / "agreements.csv").read_bytes()
    lines = data.split(b"\n")
    keep = b"\n".join(lines[:6]) + b"\n" + lines[6][: len(lines[6]) // 2]
    (root / "data" / "agreements.csv").write_bytes(keep)
    return "data/agreements.csv", 7, None, "cell-count"


@corruption("empty file")
def empty_file(root: Path) -> Expected:
    (root / "data" / "actors.csv").write_bytes(b"")
    return "data/actors.csv", None, None, "file-empty"


@corruption("header only")
def header_only(root: Path) -> Expected:
    _rewrite(root, "actors", lambda b: b.split(b"\n")[0] + b"\n")
    return "data/engagement_participants.csv", 2, "actor_id", "foreign-key"


@corruption("byte-order mark")
def byte_order_mark(root: Path) -> Expected:
    _rewrite(root, "events", lambda b: b"\xef\xbb\xbf" + b)
    return "data/events.csv", 1, None, "bom"


@corruption("CRLF line endings")
def crlf(root: Path) -> Expected:
    _rewrite(root, "sources", lambda b: b.replace(b"\n", b"\r\n"))
    return "data/sources.csv", 1, None, "line-ending"


@corruption("mixed line endings")
def mixed_endings(root: Path) -> Expected:
    def fn(b: bytes) -> bytes:
        lines = b.split(b"\n")
        lines[4] = lines[4] + b"\r"
        return b"\n".join(lines)

    _rewrite(root, "agreements", fn)
    return "data/agreements.csv", 5, None, "line-ending"


@corruption("Latin-1 file")
def latin1(root: Path) -> Expected:
    path = root / "data" / "actors.csv"
    header, rows = read(path)
    rows[2][header.index("name")] = "Zoë Ümlaut-Ñame"
    write(path, header, rows)
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    return "data/actors.csv", 4, None, "encoding"


@corruption("UTF-16 file")
def utf16(root: Path) -> Expected:
    path = root / "data" / "events.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    return "data/events.csv", 1, None, "encoding"


@corruption("NUL bytes")
def nul_bytes(root: Path) -> Expected:
    def fn(b: bytes) -> bytes:
        lines = b.split(b"\n")
        lines[3] = lines[3].replace(b",", b",\x00", 1)
        return b"\n".join(lines)

    _rewrite(root, "engagements", fn)
    return "data/engagements.csv", 4, None, "nul-byte"


@corruption("unclosed quote at end of file")
def unclosed_quote_eof(root: Path) -> Expected:
    path = root / "data" / "country_votes.csv"
    data = path.read_bytes().rstrip(b"\n")
    n = data.count(b"\n") + 1
    path.write_bytes(data + b'\nrc-9999,PAK,"yes')
    return "data/country_votes.csv", n + 1, None, "quote"


@corruption("10,000-character cell")
def long_cell(root: Path) -> Expected:
    return (*set_cell(root, "engagements", 12, "summary", "word " * 1999 + "words")[:3], "max-length")


@corruption("duplicate header names")
def duplicate_header(root: Path) -> Expected:
    path = root / "data" / "event_sources.csv"
    header, rows = read(path)
    write(path, [header[0], header[1], header[1]], rows)
    return "data/event_sources.csv", 1, "source_id", "header"


@corruption("missing table file")
def missing_file(root: Path) -> Expected:
    (root / "data" / "event_sources.csv").unlink()
    return "data/event_sources.csv", None, None, "file-missing"


@corruption("blank row")
def blank_row(root: Path) -> Expected:
    def fn(b: bytes) -> bytes:
        lines = b.split(b"\n")
        return b"\n".join([*lines[:5], b"", *lines[5:]])

    _rewrite(root, "agreements", fn)
    return "data/agreements.csv", 6, None, "blank-row"


@corruption("missing column")
def missing_column(root: Path) -> Expected:
    path = root / "data" / "actors.csv"
    header, rows = read(path)
    i = header.index("wikidata_id")
    write(path, header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in rows])
    return "data/actors.csv", 1, "wikidata_id", "header"


@corruption("row with too few cells")
def short_row(root: Path) -> Expected:
    def fn(b: bytes) -> bytes:
        lines = b.split(b"\n")
        lines[8] = b",".join(lines[8].split(b",")[:3])
        return b"\n".join(lines)

    _rewrite(root, "country_votes", fn)
    return "data/country_votes.csv", 9, None, "cell-count"


@corruption("negative amount")
def negative_amount(root: Path) -> Expected:
    return (*set_cell(root, "agreements", 3, "value_usd", "-5")[:3], "minimum")


@corruption("boolean spelled yes")
def boolean_yes(root: Path) -> Expected:
    return (*set_cell(root, "country_votes", 2, "is_inferred", "yes")[:3], "type")


@corruption("decimal in integer field")
def decimal_integer(root: Path) -> Expected:
    return (*set_cell(root, "roll_calls", 4, "yes_count", "12.5")[:3], "type")


@corruption("padded identifier")
def padded_id(root: Path) -> Expected:
    header, rows = read(root / "data" / "actors.csv")
    return (*set_cell(root, "actors", 6, "name", rows[6][header.index("name")] + " ")[:3], "whitespace")


@corruption("line break inside a cell")
def line_break(root: Path) -> Expected:
    header, rows = read(root / "data" / "events.csv")
    summary = rows[2][header.index("summary")]
    return (*set_cell(root, "events", 2, "summary", summary[:20] + "\n" + summary[20:])[:3], "line-break")


@corruption("Soviet vote after 1991")
def sun_after_1991(root: Path) -> Expected:
    _header, rows = read(root / "data" / "country_votes.csv")
    at = max(i for i, r in enumerate(rows) if r[1] == "RUS")
    return (*set_cell(root, "country_votes", at, "country", "SUN")[:3], "vote-country")


@corruption("invalid UTF-8 in the header")
def bad_header_bytes(root: Path) -> Expected:
    _rewrite(root, "actors", lambda b: b"actor\xff_id" + b[len(b"actor_id") :])
    return "data/actors.csv", 1, None, "encoding"


# ---- faults that make the package itself unusable: exit code 2 ------------------------------

Fatal = tuple[str, str]
FATAL: dict[str, Callable[[Path], Fatal]] = {}


def fatal(name: str):
    def register(fn):
        FATAL[name] = fn
        return fn

    return register


def _descriptor(root: Path, fn) -> None:
    import json

    path = root / "datapackage.json"
    d = json.loads(path.read_text())
    fn(d)
    path.write_text(json.dumps(d))


@fatal("descriptor that is not JSON")
def not_json(root: Path) -> Fatal:
    (root / "datapackage.json").write_text('{"name": "pakru", "resources": [')
    return "datapackage.json", "not valid JSON"


@fatal("resource path outside the package")
def path_outside(root: Path) -> Fatal:
    _descriptor(root, lambda d: d["resources"][0].update(path="../../etc/passwd"))
    return "resource 'sources'", "outside the package"


@fatal("absolute resource path")
def absolute_path(root: Path) -> Fatal:
    _descriptor(root, lambda d: d["resources"][1].update(path="/etc/passwd"))
    return "resource 'actors'", "absolute"


@fatal("schema with an unknown type")
def unknown_type(root: Path) -> Fatal:
    import json

    path = root / "schemas" / "events.json"
    s = json.loads(path.read_text())
    s["fields"][1]["type"] = "timestamp-ish"
    path.write_text(json.dumps(s))
    return "schemas/events.json", "timestamp-ish"


@fatal("foreign key to a missing table")
def fk_missing_table(root: Path) -> Fatal:
    import json

    path = root / "schemas" / "engagement_sources.json"
    s = json.loads(path.read_text())
    s["foreignKeys"][1]["reference"]["resource"] = "bibliography"
    path.write_text(json.dumps(s))
    return "schemas/engagement_sources.json", "bibliography"


@fatal("missing schema file")
def missing_schema(root: Path) -> Fatal:
    (root / "schemas" / "actors.json").unlink()
    return "schemas/actors.json", "not found"


@fatal("descriptor without resources")
def no_resources(root: Path) -> Fatal:
    _descriptor(root, lambda d: d.update(resources=[]))
    return "datapackage.json", "resources"


@fatal("schema path outside the package")
def schema_outside(root: Path) -> Fatal:
    _descriptor(root, lambda d: d["resources"][2].update(schema="../outside.json"))
    return "resource 'engagements'", "outside the package"
