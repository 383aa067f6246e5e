"""Reuse the result of a full validation when nothing it read has changed.

The key is a SHA-256 of every byte validation can read — each file at the package's top
level; everything under `data/`, `schemas/`, `releases/` and any folder a resource or schema
path names (with file types, link counts and symlink targets); `src/pakru_dataset/__init__.py`
— plus pakru's own code (every `.py` and `.sql` file of the installed package), the DuckDB
version and the options. Any change to any of them is a new key, so a full validation runs.
Only the fast engine's clean reads are stored; a package that cannot be read is never cached.
`pakru validate --no-cache` (or `PAKRU_NO_CACHE=1`) always runs the full validation.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

_CODE = Path(__file__).resolve().parents[1]
FOLDERS = ("data", "schemas", "releases")
KEEP = 32
_CODE_DIGEST: str | None = None


class NotCacheable(Exception):
    """The package names paths the key would not cover exactly; validate in full."""


def _code_digest() -> str:
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        h = hashlib.sha256(_duckdb_build().encode())
        for path in sorted(_CODE.rglob("*")):
            if path.suffix in (".py", ".sql") and "_package" not in path.parts and path.is_file():
                h.update(path.relative_to(_CODE).as_posix().encode() + b"\0" + path.read_bytes())
        _CODE_DIGEST = h.hexdigest()
    return _CODE_DIGEST


def _duckdb_build() -> str:
    """Which DuckDB is installed (its files' names, sizes and times), without importing it."""
    from importlib.util import find_spec

    spec = find_spec("duckdb")
    if spec is None or not spec.origin:
        return "no duckdb"
    folder = Path(spec.origin).parent
    entries = [*folder.parent.glob("duckdb*"), *folder.parent.glob("_duckdb*")]
    return "\n".join(f"{p.name} {p.stat().st_size} {p.stat().st_mtime_ns}" for p in sorted(entries))


def _top(name: object) -> str:
    """The first component of a relative path the descriptor names."""
    if not isinstance(name, str) or not name or "\\" in name or ":" in name or name.startswith(("/", "~")):
        raise NotCacheable(name)
    first = name.split("/", 1)[0]
    if first in ("", ".", "..") or any(c in first for c in "*?[]{}"):
        raise NotCacheable(name)
    return first


def covered_files(root: Path) -> list[Path]:
    """Every path whose bytes or metadata go into the key, in key order."""
    try:
        descriptor = json.loads((root / "datapackage.json").read_bytes())
        names = {_top(r.get("path")) for r in descriptor.get("resources", [])}
        names |= {
            _top(r["schema"]) for r in descriptor.get("resources", []) if isinstance(r.get("schema"), str)
        }
    except NotCacheable:
        raise
    except Exception as exc:  # anything odd in the descriptor: validate in full
        raise NotCacheable(str(exc)) from None
    paths = [p for p in sorted(root.iterdir()) if not p.is_dir() or p.is_symlink()]
    for name in sorted(names | set(FOLDERS)):
        top = root / name
        if top.is_symlink() or not top.is_dir():
            paths.append(top)
            continue
        for folder, dirs, files in os.walk(top):
            dirs.sort()
            base = Path(folder)
            paths += [base / n for n in sorted(dirs + files)]
    paths.append(root / "src" / "pakru_dataset" / "__init__.py")
    return paths


def key(root: Path, engine: str, memory_limit: str | None) -> str:
    """The cache key for validating `root`; NotCacheable when it cannot be exact."""
    h = hashlib.sha256(f"{_code_digest()}\n{engine}\n{memory_limit}\n".encode())
    for path in covered_files(root):
        try:
            st = path.lstat()
        except FileNotFoundError:
            h.update(b"missing\0" + os.fsencode(path.relative_to(root)) + b"\0")
            continue
        h.update(
            os.fsencode(path.relative_to(root)) + f"\0{st.st_mode}\0{st.st_nlink}\0{st.st_size}\0".encode()
        )
        if stat.S_ISLNK(st.st_mode):
            h.update(os.fsencode(os.readlink(path)))
        elif stat.S_ISREG(st.st_mode):
            with path.open("rb") as fh:
                h.update(hashlib.file_digest(fh, "sha256").digest())
    return h.hexdigest()


def _folder() -> Path:
    from pakru_dataset.paths import cache_dir

    return cache_dir() / "validate"


def load(cache_key: str):
    """The stored Report for `cache_key`, or None."""
    from pakru_dataset.validate.findings import Report

    path = _folder() / f"{cache_key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        report = Report.from_dict(data["report"], data["spans"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    report.reused_from = data["at"]
    return report


def store(cache_key: str, report) -> None:
    """Keep `report` under `cache_key` (only the last KEEP results are kept)."""
    import time

    from pakru_dataset.atomic import write_text

    folder = _folder()
    payload = {
        "at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "report": report.to_dict(),
        "spans": report.spans,
    }
    write_text(folder / f"{cache_key}.json", json.dumps(payload, ensure_ascii=False))
    try:
        old = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for path in old:
            path.unlink(missing_ok=True)
    except OSError:  # another process is trimming too
        pass
