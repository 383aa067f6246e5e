"""Every DuckDB connection the library opens is sandboxed here: no file or network access
beyond what it names, and settings locked so SQL cannot undo that."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pakru_dataset.sqltext import literal, reader_path

LOCKED = {"enable_external_access": False, "lock_configuration": True}


def lock_down(con, files: Iterable[Path] = (), directories: Iterable[Path] = ()) -> None:
    """Allow only `files` (exactly) and `directories`, then turn external access off and lock.

    Run it once a connection is set up and before any package-derived SQL runs; readers
    may then open only the named files, and no statement can change a setting.
    """
    # DuckDB checks both the name a reader is given and the file it opens: allow both forms.
    allowed = sorted({literal(form) for p in files for form in (str(Path(p).resolve()), reader_path(p))})
    if allowed:
        con.execute(f"SET allowed_paths = [{', '.join(allowed)}]")
    folders = [literal(str(Path(d).resolve()) + "/") for d in directories]
    if folders:
        con.execute(f"SET allowed_directories = [{', '.join(folders)}]")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def open_readonly(database: Path, **settings):
    """A database file opened read-only, file access off and settings locked."""
    import duckdb

    return duckdb.connect(str(database), read_only=True, config={**settings, **LOCKED})


def open_memory(**settings):
    """An in-memory connection with no file access and locked settings (for DataFrames)."""
    import duckdb

    return duckdb.connect(":memory:", config={**settings, **LOCKED})


_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}
_UNITS |= {"KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}
MIN_MEMORY = 64 * 2**20


def memory_limit(text: str) -> str:
    """Check a memory limit given by a user (`2GB`, `512MiB`); return it as DuckDB takes it.

    Raises ValueError for anything that is not a size, or is below 64 MiB (DuckDB then
    fails on every table instead of saying the limit is too low).
    """
    import re

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?I?B?)\s*", text or "", re.I)
    unit = m.group(2).upper() if m else ""
    if not m or unit not in _UNITS:
        raise ValueError(f"memory limit {text!r} is not a size such as 512MB or 2GB")
    if float(m.group(1)) * _UNITS[unit] < MIN_MEMORY:
        raise ValueError(f"memory limit {text!r} is too low; give at least 64MB")
    return f"{m.group(1)}{unit or 'B'}"
