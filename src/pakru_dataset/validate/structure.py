"""Structural checks of one CSV file, before any value is read: bytes, encoding, header.

These run identically for every engine. A table with a structural fault is reported and
then left out of the value checks, because its rows cannot be located reliably.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass
from pathlib import Path

from pakru_dataset.descriptor import Table
from pakru_dataset.validate.findings import Finding

_CHUNK = 1 << 24
_BOM = codecs.BOM_UTF8
_MAX_HEADER = 1 << 20
_OTHER_BREAKS = (b"\x0b", b"\x0c", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")


def _holds(chunk: bytes, needle: bytes) -> bool:
    """`needle in chunk`, asking first for its lead byte (one fast memchr; most text has no
    U+0085 or U+2028/9 lead bytes at all, and the multi-byte search is ten times slower)."""
    return needle[:1] in chunk and needle in chunk


def _utf16(head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(head) >= 4 and (head[1::2] == b"\x00\x00" or head[0::2] == b"\x00\x00")
    )


@dataclass
class ByteScan:
    """What one streaming pass over a file's bytes found."""

    findings: list[Finding]
    parseable: bool
    newlines: int = 0
    ends_with_newline: bool = True
    other_breaks: bool = False  # vertical tab, form feed, U+0085, U+2028 or U+2029 somewhere


def scan_bytes(path: Path, rel: str) -> ByteScan:
    """Check BOM, UTF-16, NUL bytes, line endings and blank rows in one streaming pass.

    Invalid UTF-8 is located by the CSV reader afterwards (it names the line), so the bytes
    are not decoded here; that keeps this pass at disk speed.
    """
    if not path.is_file():
        return ByteScan([Finding(rel, None, None, "file-missing", "the table's file does not exist")], False)
    if path.stat().st_size == 0:
        msg = "the file is empty; a header row is required"
        return ByteScan([Finding(rel, None, None, "file-empty", msg)], False)
    findings: list[Finding] = []
    with path.open("rb") as fh:
        head = fh.read(4)
        if _utf16(head):
            msg = "the file is UTF-16 encoded; save it as UTF-8 without a byte-order mark"
            return ByteScan([Finding(rel, 1, None, "encoding", msg)], False)
        if head.startswith(_BOM):
            msg = "the file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM"
            findings.append(Finding(rel, 1, None, "bom", msg))
        fh.seek(0)
        line = 1
        last = last2 = b""
        breaks = False
        first: dict[str, int | None] = {"nul": None, "cr": None}
        crs = 0
        while chunk := fh.read(_CHUNK):
            if first["nul"] is None and (i := chunk.find(b"\x00")) >= 0:
                first["nul"] = line + chunk.count(b"\n", 0, i)
            if b"\r" in chunk:
                crs += chunk.count(b"\r")
                if first["cr"] is None:
                    first["cr"] = line + chunk.count(b"\n", 0, chunk.find(b"\r"))
            line += chunk.count(b"\n")
            if not breaks:
                seam = last2 + chunk[:2]  # a character split across two chunks
                breaks = any(_holds(chunk, b) or b in seam for b in _OTHER_BREAKS)
            last2 = chunk[-2:]
            last = chunk[-1:]
    if first["nul"] is not None:
        findings.append(Finding(rel, first["nul"], None, "nul-byte", "the file contains NUL bytes"))
    if first["cr"] is not None:
        msg = (
            f"carriage returns on {crs:,} line(s) (Windows CRLF or mixed line endings); "
            "save the file with LF line endings"
        )
        findings.append(Finding(rel, first["cr"], None, "line-ending", msg))
    parseable = not any(f.rule != "bom" for f in findings)
    return ByteScan(
        findings, parseable, newlines=line - 1, ends_with_newline=last == b"\n", other_breaks=breaks
    )


def find_blank_rows(path: Path, rel: str) -> Finding | None:
    """The first empty line, if any (run only when line and record counts disagree)."""
    line, count, first = 1, 0, None
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            joined = tail + chunk
            pos = joined.find(b"\n\n")
            while pos >= 0:
                count += 1
                if first is None:
                    first = line + joined.count(b"\n", 0, pos) - tail.count(b"\n") + 1
                pos = joined.find(b"\n\n", pos + 1)
            line += chunk.count(b"\n")
            tail = chunk[-1:]
    if first is None:
        return None
    return Finding(rel, first, None, "blank-row", f"{count:,} blank row(s); remove empty lines")


def check_header(path: Path, rel: str, table: Table) -> list[Finding]:
    """Compare the header row with the schema's field names and order."""
    with path.open("rb") as fh:
        raw = fh.readline(_MAX_HEADER + 1)
    if len(raw) > _MAX_HEADER:
        msg = f"the header row is longer than {_MAX_HEADER:,} bytes; it cannot be the table's header"
        return [Finding(rel, 1, None, "header", msg, allowed=", ".join(table.field_names))]
    raw = raw.rstrip(b"\n")
    try:
        first = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [
            Finding(rel, 1, None, "encoding", "the header row is not valid UTF-8; save the file as UTF-8")
        ]
    try:
        header = next(csv.reader([first]), [])
    except csv.Error as exc:
        return [Finding(rel, 1, None, "header", f"the header row cannot be read as CSV ({exc})")]
    expected = table.field_names
    if header == expected:
        return []
    if len(header) > 2 * len(expected) + 20:
        msg = f"the header has {len(header):,} columns; the schema has {len(expected)}"
        return [Finding(rel, 1, None, "header", msg, allowed=", ".join(expected))]
    found: list[Finding] = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            found.append(Finding(rel, 1, name, "header", f"column {name!r} appears more than once"))
        seen.add(name)
    missing = [n for n in expected if n not in seen]
    extra = [n for n in header if n not in expected]
    for name in missing:
        found.append(Finding(rel, 1, name, "header", f"column {name!r} is missing from the header"))
    for name in extra:
        found.append(
            Finding(
                rel,
                1,
                name or None,
                "header",
                f"unexpected column {name!r}; the schema has no such field",
                allowed=", ".join(expected),
            )
        )
    if not found:
        pos = next(i for i, (a, b) in enumerate(zip(header, expected, strict=False)) if a != b)
        found.append(
            Finding(
                rel,
                1,
                header[pos],
                "header",
                f"columns are in the wrong order: column {pos + 1} is {header[pos]!r}, "
                f"the schema expects {expected[pos]!r}",
                allowed=", ".join(expected),
            )
        )
    return found
