"""The Python API behind `pakru_dataset.load` and `pakru_dataset.connect`."""

from __future__ import annotations

from pathlib import Path

from pakru_dataset.paths import cache_dir, package_root, releases_dir


def database_path(root: Path | None = None, check: bool = True, release: bool = False) -> Path:
    """The cached database for the current data, built on first use.

    A first build validates the data unless the caller has just done so (`check=False`).
    `release` builds a release snapshot with only the views that release had.
    """
    from pakru_dataset.db.build import DB_NAME, content_hash, require_valid, write_database
    from pakru_dataset.descriptor import read_package

    root = Path(root or package_root())
    target = cache_dir() / (("release-" if release else "") + content_hash(root)) / DB_NAME
    if target.is_file() and _cache_intact(target):
        return target
    from pakru_dataset.atomic import lock

    # Concurrent first uses take turns: one builds, the others then find it built.
    with lock(f"cache:{target}"):
        if target.is_file() and not _cache_intact(target):
            target.unlink(missing_ok=True)  # edited or truncated by hand: rebuild it
        if not target.is_file():
            if check:
                require_valid(root)
            write_database(read_package(root), target, release=release)
            _seal(target)
    return target


def _seal_path(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _seal(target: Path) -> None:
    """Record the checksum of a freshly built cache file beside it."""
    from pakru_dataset import atomic
    from pakru_dataset.checksums import sha256_file

    atomic.write_text(_seal_path(target), sha256_file(target) + "\n")


def _cache_intact(target: Path) -> bool:
    """The cache file still has the checksum recorded when it was built.

    A file without a checksum yet (built by another process a moment ago, or by an older
    version) is sealed now if DuckDB can open it.
    """
    import duckdb

    from pakru_dataset.checksums import sha256_file
    from pakru_dataset.sandbox import open_readonly

    seal = _seal_path(target)
    try:
        if seal.is_file():
            return seal.read_text(encoding="utf-8").strip() == sha256_file(target)
        open_readonly(target).close()
        _seal(target)
        return True
    except (OSError, UnicodeDecodeError, duckdb.Error):
        return False


class ReleaseError(LookupError):
    """A requested release is unknown, unverifiable or cannot be fetched (one-line message)."""


def release_snapshot(version: str, root: Path | None = None) -> Path:
    """The folder of release `version`, checked against its SHA256SUMS and the release index.

    `version` must be a MAJOR.MINOR.PATCH string naming a release the committed index lists.
    Without a `releases/` folder (an installed package), the release is fetched from the
    published site (`PAKRU_RELEASES_URL`), verified and cached.
    """
    from pakru_dataset.release.index import ReleaseIndexError, read_index
    from pakru_dataset.release.versions import parse
    from pakru_dataset.validate.integrity import check_release

    try:
        valid = isinstance(version, str) and str(parse(version)) == version
    except ValueError:
        valid = False
    if not valid:
        raise ReleaseError(f"version must be a release number like '1.1.0', not {version!r}")
    base = releases_dir(root)
    if not base.is_dir():
        from pakru_dataset.remote import fetch_release

        return fetch_release(version)
    try:
        entries = {e["version"]: e for e in read_index(base.parent)}
    except ReleaseIndexError as exc:
        raise ReleaseError(f"cannot trust the release record: {exc}") from None
    if version not in entries or not (base / version).is_dir():
        known = [v for v in entries if (base / v).is_dir()]
        raise ReleaseError(f"no release {version!r}; released versions: {', '.join(known) or 'none'}")
    problems = check_release(base / version, entries[version]["sha256sums"])
    if problems:
        rel, problem = problems[0]
        raise ReleaseError(f"release {version} failed its checksum check: releases/{version}/{rel} {problem}")
    return base / version


def connect(root: Path | None = None, version: str | None = None):
    """A read-only DuckDB connection with every table and view.

    With `version`, that release's snapshot (built once into the cache). Every form is
    read-only, cannot touch other files and cannot change its settings.
    """
    from pakru_dataset.sandbox import open_readonly

    root = Path(root) if root is not None else None
    if version is not None:
        snapshot = release_snapshot(version, root)
        # A release was validated when it was cut; its files were just checked against its sums.
        return open_readonly(database_path(snapshot, check=False, release=True))
    return open_readonly(database_path(root))


def load(name: str, version: str | None = None, root: Path | None = None):
    """A table or view as a pandas DataFrame with Arrow-backed types (dates stay dates)."""
    import pandas as pd

    from pakru_dataset.db.views import all_views
    from pakru_dataset.descriptor import load_package
    from pakru_dataset.sqltext import ident

    known = [t.name for t in load_package(root).tables] + [v.name for v in all_views()]
    if name not in known:
        raise KeyError(f"unknown table or view {name!r}; choose from: {', '.join(known)}")
    con = connect(root, version=version)
    try:
        table = con.sql(f"SELECT * FROM {ident(name)}").to_arrow_table()
    finally:
        con.close()
    return table.to_pandas(types_mapper=pd.ArrowDtype)
