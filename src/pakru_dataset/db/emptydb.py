"""The committed empty database every build starts from, in an old, widely readable format.

DuckDB writes new files in its newest storage format, which older DuckDB versions cannot
open. A database file keeps the storage version it was created with, so every build copies
`empty.duckdb` (created here with `STORAGE_VERSION`) and stays readable by DuckDB 1.1.0 and
later (measured: 1.1.0, 1.1.3, 1.2.0 and 2.0.1 open a built file; 1.0.0 cannot read its catalog).
Regenerate it with `python -m pakru_dataset.db.emptydb`.
"""

from __future__ import annotations

import struct
from pathlib import Path

EMPTY_DB = Path(__file__).with_name("empty.duckdb")
STORAGE_VERSION = "v1.0.0"
# The number DuckDB writes in the file header for that storage version, and the oldest
# DuckDB release that opens a database built from it (tests/test_duckdb_compat.py).
STORAGE_NUMBER = 64
OPENS_WITH = "1.1.0"


def storage_number(path: Path) -> int:
    """The storage version number in a DuckDB file's header (bytes 8-11 'DUCK', then uint64)."""
    head = Path(path).read_bytes()[:20]
    if head[8:12] != b"DUCK":
        raise ValueError(f"{path} is not a DuckDB database file")
    return struct.unpack("<Q", head[12:20])[0]


def settle(con) -> None:
    """Settings every write into a copy of `EMPTY_DB` needs to stay byte-identical on rebuild.

    In the v1.0.0 storage format DuckDB's FSST string compression leaves uninitialised bytes
    in its blocks (measured with DuckDB 2.0.1: two builds differ in ~40 % of the file; with FSST
    off they are identical). Strings still use dictionary compression.
    """
    con.execute("SET disabled_compression_methods = 'fsst'")


def write_empty(target: Path = EMPTY_DB) -> Path:
    """Write an empty database in `STORAGE_VERSION` to `target` (replacing it)."""
    import duckdb

    from pakru_dataset.sqltext import literal

    target = Path(target)
    target.unlink(missing_ok=True)
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {literal(str(target))} AS empty (STORAGE_VERSION {literal(STORAGE_VERSION)})")
        con.execute("DETACH empty")
    finally:
        con.close()
    return target


if __name__ == "__main__":
    print(write_empty())
