"""The Python API behind `pakru_dataset.load` and `pakru_dataset.connect`."""

from __future__ import annotations

from pathlib import Path

from pakru_dataset.paths import cache_dir, package_root, releases_dir


def database_path(root: Path | None = None, check: bool = True) -> Path:
    """The cached database for the current data, built on first use.

    A first build validates the data unless the caller has just done so (`check=False`).
    """
    from pakru_dataset.db.build import DB_NAME, content_hash, require_valid, write_database
    from pakru_dataset.descriptor import read_package

    root = Path(root or package_root())
    target = cache_dir() / content_hash(root) / DB_NAME
    if target.is_file():
        return target
    from pakru_dataset.atomic import lock

    # Concurrent first uses take turns: one builds, the others then find it built.
    with lock(f"cache:{target}"):
        if not target.is_file():
            if check:
                require_valid(root)
            write_database(read_package(root), target)
    return target


def connect(root: Path | None = None, version: str | None = None):
    """A read-only DuckDB connection with every table and view.

    With `version`, an in-memory database of that release's snapshot.
    """
    import duckdb

    if version is not None:
        from pakru_dataset.db.build import populate
        from pakru_dataset.descriptor import read_package

        snapshot = releases_dir(root) / version
        if not (snapshot / "datapackage.json").is_file():
            known = sorted(p.parent.name for p in releases_dir(root).glob("*/datapackage.json"))
            raise LookupError(f"no release {version!r}; released versions: {', '.join(known) or 'none'}")
        con = duckdb.connect(":memory:")
        populate(con, read_package(snapshot), release=True)
        return con
    return duckdb.connect(str(database_path(root)), read_only=True)


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
