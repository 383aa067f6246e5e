"""Writing outputs so that an interruption never leaves a half-written file or directory.

Everything is written under a temporary name beside its target and renamed into place.
Temporary names are `.pakru-tmp-<pid>-<random>-<target>`: unique per process and call. A later
run removes those a killed process left, never those of a process still running.
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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def clear_stale(folder: Path) -> None:
    """Remove temporary entries that runs no longer alive left in `folder`."""
    if not folder.is_dir():
        return
    for entry in folder.glob(TMP_PREFIX + "*"):
        pid = entry.name[len(TMP_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and _alive(int(pid)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def temp_path(target: Path) -> Path:
    """A fresh temporary name beside `target`, unique to this process and call."""
    return target.with_name(f"{TMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}-{target.name}")


def lock(name: str, timeout: float = 600):
    """An inter-process lock (a `filelock.FileLock`) named by `name`, kept in the user cache,
    so that no lock file is left in the user's folders."""
    import hashlib

    from filelock import FileLock

    from pakru_dataset.paths import cache_dir

    folder = cache_dir() / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return FileLock(folder / (hashlib.sha256(name.encode()).hexdigest()[:24] + ".lock"), timeout=timeout)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


@contextmanager
def replace_directory(target: Path, owned: set[str]) -> Iterator[Path]:
    """Build a directory that replaces `target` whole: it is only ever the previous complete
    content or the new one, never a mix of the two.

    `target` may hold only the entries named in `owned` (what this writer produces); anything
    else is refused rather than deleted. Hold a `lock()` on `target` around concurrent use.
    """
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise ValueError(f"{target} is not a directory")
    if target.exists():
        foreign = sorted(
            p.name for p in target.iterdir() if p.name not in owned and not p.name.startswith(TMP_PREFIX)
        )
        if foreign:
            raise ValueError(
                f"{target} holds files pakru did not write ({', '.join(foreign[:5])}); "
                "give an empty folder or one a previous build wrote"
            )
    tmp = _temp_dir_beside(target)
    try:
        yield tmp
        pause_point("swap")
        if not target.exists():
            os.rename(tmp, target)
        elif not _exchange(tmp, target):
            # Without an atomic exchange: move the old one aside, then the new one in. A kill
            # between the two leaves no output (and the old one under a temporary name).
            old = temp_path(target)
            os.rename(target, old)
            os.rename(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
    finally:
        # After an exchange this is the previous content; after a failure, the partial one.
        shutil.rmtree(tmp, ignore_errors=True)


def _temp_dir_beside(target: Path) -> Path:
    """A new empty folder next to `target` (same file system, so a rename moves it into place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    clear_stale(target.parent)
    tmp = temp_path(target)
    tmp.mkdir()
    return tmp


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
    tmp = _temp_dir_beside(target)
    try:
        yield tmp
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
