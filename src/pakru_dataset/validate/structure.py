"""Structural checks of one CSV file, before any value is read: bytes, encoding, header.

These run identically for every engine. A table with a structural fault is reported and
then left out of the value checks, because its rows cannot be located reliably.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from pakru_dataset.descriptor import Table
from pakru_dataset.validate.findings import Finding

_CHUNK = 1 << 24
_BOM = codecs.BOM_UTF8


def _utf16(head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(head) >= 4 and (head[1::2] == b"\x00\x00" or head[0::2] == b"\x00\x00")
    )


def scan_bytes(path: Path, rel: str) -> tuple[list[Finding], bool]:
    """Check encoding, BOM, NUL bytes, line endings and blank rows in one streaming pass.

    Returns the findings and whether the file may be parsed as CSV afterwards.
    """
    if not path.is_file():
        return [Finding(rel, None, None, "file-missing", "the table's file does not exist")], False
    if path.stat().st_size == 0:
        return [Finding(rel, None, None, "file-empty", "the file is empty; a header row is required")], False
    findings: list[Finding] = []
    with path.open("rb") as fh:
        head = fh.read(4)
        if _utf16(head):
            msg = "the file is UTF-16 encoded; save it as UTF-8 without a byte-order mark"
            return [Finding(rel, 1, None, "encoding", msg)], False
        if head.startswith(_BOM):
            msg = "the file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM"
            findings.append(Finding(rel, 1, None, "bom", msg))
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        line = 1
        prev_last = b""
        first = {"nul": None, "cr": None, "blank": None, "enc": None}
        counts = {"cr": 0, "blank": 0}
        while chunk := fh.read(_CHUNK):
            if first["nul"] is None and (i := chunk.find(b"\x00")) >= 0:
                first["nul"] = line + chunk.count(b"\n", 0, i)
            if b"\r" in chunk:
                counts["cr"] += chunk.count(b"\r")
                if first["cr"] is None:
                    first["cr"] = line + chunk.count(b"\n", 0, chunk.find(b"\r"))
            joined = prev_last + chunk
            if b"\n\n" in joined:
                counts["blank"] += joined.count(b"\n\n")
                if first["blank"] is None:
                    at = joined.find(b"\n\n") - len(prev_last)
                    first["blank"] = line + chunk.count(b"\n", 0, max(at, 0)) + 1
            if first["enc"] is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    first["enc"] = line + chunk.count(b"\n", 0, max(exc.start, 0))
            line += chunk.count(b"\n")
            prev_last = chunk[-1:]
        if first["enc"] is None:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                first["enc"] = line
    if first["enc"] is not None:
        msg = "bytes that are not valid UTF-8 (a Latin-1 or Windows export?); save the file as UTF-8"
        findings.append(Finding(rel, first["enc"], None, "encoding", msg))
    if first["nul"] is not None:
        findings.append(Finding(rel, first["nul"], None, "nul-byte", "the file contains NUL bytes"))
    if first["cr"] is not None:
        msg = (
            f"carriage returns on {counts['cr']:,} line(s) (Windows CRLF or mixed line endings); "
            "save the file with LF line endings"
        )
        findings.append(Finding(rel, first["cr"], None, "line-ending", msg))
    if first["blank"] is not None:
        msg = f"{counts['blank']:,} blank row(s); remove empty lines"
        findings.append(Finding(rel, first["blank"], None, "blank-row", msg))
    parseable = not any(f.rule != "bom" for f in findings)
    return findings, parseable


def check_header(path: Path, rel: str, table: Table) -> list[Finding]:
    """Compare the header row with the schema's field names and order."""
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        first = fh.readline().rstrip("\n")
    header = next(csv.reader([first]), [])
    expected = table.field_names
    if header == expected:
        return []
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
