"""Writing outputs so that an interruption never leaves a half-written file or directory.

Everything is written under a temporary name beside its target and renamed into place.
Temporary names start with `.pakru-tmp-`; a later run removes any left by a killed one.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TMP_PREFIX = ".pakru-tmp-"


def pause_point(name: str) -> None:
    """Test hook: with PAKRU_PAUSE_AT=name, announce and wait here (to be killed mid-write)."""
    if os.environ.get("PAKRU_PAUSE_AT") == name:
        print(f"pakru: paused at {name}", file=sys.stderr, flush=True)
        time.sleep(3600)


def clear_stale(folder: Path) -> None:
    """Remove temporary entries an interrupted run left in `folder`."""
    if folder.is_dir():
        for entry in folder.glob(TMP_PREFIX + "*"):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def temp_path(target: Path) -> Path:
    return target.with_name(f"{TMP_PREFIX}{os.getpid()}-{target.name}")


def write_bytes(target: Path, data: bytes) -> None:
    """Write a file atomically (temporary file, fsync, rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(target)
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


@contextmanager
def new_directory(target: Path) -> Iterator[Path]:
    """Build a directory that must not exist yet; it appears, complete, only on success."""
    if target.exists():
        raise FileExistsError(f"{target} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    clear_stale(target.parent)
    tmp = temp_path(target)
    tmp.mkdir()
    try:
        yield tmp
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
