"""Load every table of a package into DuckDB as text, recording structural faults.

The workspace is shared by both engines: raw VARCHAR tables `raw_<name>` (row numbers from
`rowid`) and typed views `typed_<name>` that the dataset rules query.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pakru_dataset.descriptor import Package, Table
from pakru_dataset.sqltext import file_literal, ident, literal, typed_select
from pakru_dataset.validate.findings import Finding
from pakru_dataset.validate.structure import check_header, find_blank_rows, scan_bytes

_REJECTS = {
    "TOO MANY COLUMNS": "cell-count",
    "MISSING COLUMNS": "cell-count",
    "UNQUOTED VALUE": "quote",
    "INVALID ENCODING": "encoding",
    "INVALID UNICODE": "encoding",
    "LINE SIZE OVER MAXIMUM": "line-too-long",
}
MAX_LINE_BYTES = 8_000_000
SLIM_FROM_ROWS = 100_000
# A package up to this size is checked a table per thread (each thread on its own cursor of
# the one database); a bigger one a table at a time, so memory holds one whole table at once.
PARALLEL_UP_TO_BYTES = 64 * 2**20
MAX_WORKERS = 4


def raw_name(table: Table) -> str:
    return ident(f"raw_{table.name}")


def typed_name(table: Table) -> str:
    return ident(f"typed_{table.name}")


def _reject_message(error_type: str, message: str, n_fields: int) -> str:
    if error_type in ("TOO MANY COLUMNS", "MISSING COLUMNS"):
        found = re.search(r"Found:\s*(\d+)", message or "")
        n = found.group(1) if found else "a different number of"
        return f"row has {n} cells; the header has {n_fields}"
    if error_type == "UNQUOTED VALUE":
        return (
            "a quoted cell is not closed (or a quote sits inside an unquoted cell); "
            "the rows after it cannot be read"
        )
    if error_type.startswith("INVALID"):
        return "bytes that are not valid UTF-8; save the file as UTF-8"
    return message or error_type.lower()


@dataclass
class Workspace:
    """A DuckDB connection holding the package's tables as text, plus structural findings."""

    package: Package
    con: object
    findings: list[Finding] = field(default_factory=list)
    loaded: dict[str, int] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)
    multiline: set[str] = field(default_factory=set)
    workers: int = 1

    def is_clean(self, name: str) -> bool:
        return name in self.loaded and name not in self.broken

    def each(self, fn: Callable, items: Iterable) -> list:
        """`fn(ws, item)` for every item, results in item order.

        With more than one worker the items run in threads, each on its own cursor of this
        workspace's database and sharing its findings (DuckDB runs queries outside the GIL).
        """
        items = list(items)
        if self.workers <= 1 or len(items) < 2:
            return [fn(self, item) for item in items]
        from concurrent.futures import ThreadPoolExecutor

        local = threading.local()
        cursors: list = []

        def own() -> Workspace:
            if not hasattr(local, "ws"):
                cursor = self.con.cursor()
                cursors.append(cursor)
                cursor.execute("USE workspace")
                local.ws = dataclasses.replace(self, con=cursor, workers=1)
            return local.ws

        try:
            with ThreadPoolExecutor(min(self.workers, len(items))) as pool:
                return list(pool.map(lambda item: fn(own(), item), items))
        finally:
            for cursor in cursors:
                cursor.close()

    def close(self) -> None:
        self.con.close()


def workers_for(package: Package) -> int:
    """Threads for checking `package`: one per core for a small package, else one."""
    size = 0
    for table in package.tables:
        with contextlib.suppress(OSError):  # a missing file is reported when it is loaded
            size += (package.root / table.path).stat().st_size
    return min(os.cpu_count() or 1, MAX_WORKERS) if size <= PARALLEL_UP_TO_BYTES else 1


def connect_scratch(memory_limit: str | None = None, threads: int | None = None, files=(), con=None):
    """An in-memory DuckDB connection that spills to a temporary directory.

    It may read only `files` (the package's tables): no other file, no network, and its
    settings are locked before any SQL derived from the package runs. `con`, if given, is a
    new in-memory connection to set up this way.
    """
    import duckdb

    from pakru_dataset.sandbox import lock_down

    con = con or duckdb.connect(":memory:")
    # A compressed in-memory catalog holds a million-row table in a fraction of the memory.
    try:
        con.execute("ATTACH ':memory:' AS workspace (COMPRESS)")
    except duckdb.Error:  # DuckDB before 1.3 has no compressed in-memory databases
        con.execute("ATTACH ':memory:' AS workspace")
    con.execute("USE workspace")
    con.execute(f"SET temp_directory = {literal(tempfile.gettempdir() + '/pakru-duckdb')}")
    con.execute("SET preserve_insertion_order = true")
    if memory_limit:
        con.execute(f"SET memory_limit = {literal(memory_limit)}")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    lock_down(con, files=files)
    return con


def _rejects_names(table: Table) -> tuple[str, str]:
    """Names of the reader's tables of rejected lines for `table` (one pair per table)."""
    return f"pakru_rejects_{table.name}", f"pakru_scans_{table.name}"


def _read_csv_sql(path: Path, table: Table, rejects: bool = True) -> str:
    """The strict reader for one table, every column as text.

    With `rejects`, faulty lines are recorded (with line numbers) instead of aborting.
    """
    columns = "{" + ", ".join(f"{literal(n)}: 'VARCHAR'" for n in table.field_names) + "}"
    lines, scans = _rejects_names(table)
    options = (
        f"store_rejects = true, rejects_table = {literal(lines)}, rejects_scan = {literal(scans)}"
        if rejects
        else "ignore_errors = false"
    )
    return (
        f"read_csv({file_literal(path)}, columns = {columns}, header = true, delim = ',', "
        "quote = '\"', escape = '\"', auto_detect = false, strict_mode = true, "
        "new_line = '\\n', nullstr = '', allow_quoted_nulls = true, "
        f"max_line_size = {MAX_LINE_BYTES}, {options})"
    )


def _record_rejects(ws: Workspace, table: Table, rejects: list[tuple]) -> None:
    """Turn the reader's rejected lines into findings; many bad-encoding lines become one."""
    n_fields = len(table.fields)
    seen: set[tuple[int, str]] = set()
    encoding = [line for line, _c, kind, _m in rejects if _REJECTS.get(kind) == "encoding"]
    for line, _column, error_type, message in rejects:
        rule = _REJECTS.get(error_type, "unreadable")
        if (line, rule) in seen or (rule == "encoding" and line != encoding[0]):
            continue
        seen.add((line, rule))
        text = _reject_message(error_type, message, n_fields)
        if rule == "encoding" and len(encoding) > 1:
            text += f" ({len(encoding):,} lines affected; the first is shown)"
        ws.findings.append(Finding(table.path, int(line), None, rule, text))
    if rejects:
        ws.broken[table.name] = "rows"


def _wide_rows(path: Path, n_fields: int, most: int = 100) -> list[tuple[int, int]]:
    """(line, cells) of records with more than twice the header's cells (at most `most`)."""
    import csv
    import sys

    csv.field_size_limit(sys.maxsize)
    limit = max(2 * n_fields, n_fields + 20)
    found = []
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        try:
            for record in reader:
                if len(record) > limit:
                    found.append((reader.line_num, len(record)))
                    if len(found) >= most:
                        break
        except csv.Error:
            pass  # the reader pass that follows locates malformed quoting
    return found


def _long_lines(path: Path, limit: int = MAX_LINE_BYTES, most: int = 10) -> list[tuple[int, int]]:
    """(line, bytes) of physical lines longer than `limit` (at most `most`), in one streaming pass."""
    found: list[tuple[int, int]] = []
    line, length = 1, 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 24):
            pieces = chunk.split(b"\n")
            for i, piece in enumerate(pieces):
                length += len(piece)
                if i == len(pieces) - 1:
                    break  # the line goes on in the next chunk
                if length > limit:
                    found.append((line, length))
                    if len(found) >= most:
                        return found
                line, length = line + 1, 0
    if length > limit:
        found.append((line, length))
    return found


def _report_long_lines(ws: Workspace, table: Table, long: list[tuple[int, int]]) -> None:
    for line, size in long:
        msg = (
            f"line is {size / 1e6:,.1f} MB long; the reader accepts lines up to "
            f"{MAX_LINE_BYTES / 1e6:,.0f} MB (is a cell pasted in by mistake?)"
        )
        ws.findings.append(Finding(table.path, line, None, "line-too-long", msg))
    ws.broken[table.name] = "line-too-long"


def _line_feeds_in_cells(con, table: Table) -> int:
    """How many line feeds the loaded cells hold (each spans one extra physical line)."""
    parts = [
        f"coalesce(sum(length({ident(n)}) - length(replace({ident(n)}, chr(10), ''))), 0)"
        for n in table.field_names
    ]
    return int(con.execute(f"SELECT {' + '.join(parts)} FROM {raw_name(table)}").fetchone()[0])


def load_table(ws: Workspace, table: Table) -> None:
    import duckdb

    rel = table.path
    path = ws.package.root / table.path
    scan = scan_bytes(path, rel)
    ws.findings.extend(scan.findings)
    if not scan.parseable:
        ws.broken[table.name] = scan.findings[-1].rule if scan.findings else "unreadable"
        return
    header = check_header(path, rel, table)
    if header:
        ws.findings.extend(header)
        ws.broken[table.name] = "header"
        return
    con = ws.con
    try:
        try:
            # Clean files are the rule: read once without bookkeeping for rejected lines...
            records = con.execute(
                f"CREATE OR REPLACE TABLE {raw_name(table)} AS "
                f"SELECT * FROM {_read_csv_sql(path, table, rejects=False)}"
            ).fetchone()[0]
            rejects = []
        except duckdb.Error:
            # ...and only a faulty one is read again to locate every bad line. Rows with far
            # too many cells are found first: the reader's bookkeeping is quadratic in them.
            wide = _wide_rows(path, len(table.fields))
            if wide:
                n = len(table.fields)
                for line, cells in wide:
                    msg = f"row has {cells:,} cells; the header has {n}"
                    ws.findings.append(Finding(rel, line, None, "cell-count", msg))
                ws.broken[table.name] = "rows"
                return
            lines_table, scans_table = (ident(n) for n in _rejects_names(table))
            con.execute(f"DROP TABLE IF EXISTS {lines_table}; DROP TABLE IF EXISTS {scans_table}")
            records = con.execute(
                f"CREATE OR REPLACE TABLE {raw_name(table)} AS SELECT * FROM {_read_csv_sql(path, table)}"
            ).fetchone()[0]
            rejects = con.execute(
                f"SELECT line, column_name, error_type, error_message FROM {lines_table} ORDER BY line"
            ).fetchall()
            if any(_REJECTS.get(kind) in ("quote", "line-too-long") for _l, _c, kind, _m in rejects):
                # The reader calls a closed but over-long quoted cell "unquoted": lines longer
                # than it accepts are named first, for what they are.
                long = _long_lines(path)
                if long:
                    _report_long_lines(ws, table, long)
                    return
    except duckdb.Error as exc:
        msg = str(exc).splitlines()[0][:200]
        ws.findings.append(Finding(rel, None, None, "unreadable", f"the CSV cannot be parsed: {msg}"))
        ws.broken[table.name] = "unreadable"
        return
    _record_rejects(ws, table, rejects)
    ws.loaded[table.name] = records
    # One physical line per record, unless a row is blank or a quoted cell holds a line break.
    lines = scan.newlines - (1 if scan.ends_with_newline else 0)
    if not rejects and lines != records:
        blank = find_blank_rows(path, rel)
        if blank is not None:
            ws.findings.append(blank)
            ws.broken[table.name] = "blank-row"
        elif lines - records != _line_feeds_in_cells(con, table):
            # Lines the reader dropped without a word (DuckDB skips a line of ~128 MB or more).
            long = _long_lines(path)
            if long:
                _report_long_lines(ws, table, long)
                return
            msg = (
                f"the file has {lines:,} data lines but only {records:,} rows could be read; "
                "a line is longer than the reader accepts"
            )
            ws.findings.append(Finding(rel, None, None, "line-too-long", msg))
            ws.broken[table.name] = "line-too-long"
            return
        else:
            ws.multiline.add(table.name)
    if scan.other_breaks:
        ws.multiline.add(table.name)  # cells may hold other line breaks (U+2028, ...)
    con.execute(f"CREATE OR REPLACE VIEW {typed_name(table)} AS {typed_select(table, raw_name(table))}")


def slim(ws: Workspace, table: Table, keep: list[str]) -> None:
    """Drop the columns no later check reads, to keep a big package within memory.

    A small table is left whole: dropping costs more than the memory it would free.
    """
    if ws.loaded.get(table.name, 0) < SLIM_FROM_ROWS:
        return

    for f in table.fields:
        if f.name not in keep:
            ws.con.execute(f"ALTER TABLE {raw_name(table)} DROP COLUMN {ident(f.name)}")
    narrow = dataclasses.replace(table, fields=tuple(f for f in table.fields if f.name in keep))
    ws.con.execute(f"CREATE OR REPLACE VIEW {typed_name(table)} AS {typed_select(narrow, raw_name(table))}")


DEFAULT_MEMORY_LIMIT = "1GB"


def build_workspace(
    package: Package,
    memory_limit: str | None = DEFAULT_MEMORY_LIMIT,
    after_load=None,
    con=None,
) -> Workspace:
    """Load every table; never raises for bad data (faults become findings).

    `after_load(ws, table)` runs as soon as each table is in, on the same thread. `con` is a
    connection from `connect_scratch` for this package (a new one by default).
    """
    if con is None:
        con = connect_scratch(memory_limit, files=package_files(package))
    ws = Workspace(package=package, con=con, workers=workers_for(package))

    def load(ws: Workspace, table: Table) -> None:
        load_table(ws, table)
        if after_load is not None and ws.is_clean(table.name):
            after_load(ws, table)

    ws.each(load, package.tables)
    # Threads finish in any order: keep the package's order of tables.
    for record in (ws.loaded, ws.broken):
        ordered = {t.name: record[t.name] for t in package.tables if t.name in record}
        record.clear()
        record.update(ordered)
    return ws


def package_files(package: Package) -> list[Path]:
    """The files a scratch connection for `package` may read: its tables."""
    return [package.root / t.path for t in package.tables]
