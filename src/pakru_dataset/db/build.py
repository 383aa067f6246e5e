"""Build the DuckDB database and Parquet files from the validated CSVs, atomically."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pakru_dataset.atomic import clear_stale, lock, pause_point, replace_directory, temp_path
from pakru_dataset.db.ddl import to_duckdb_comments, to_duckdb_ddl
from pakru_dataset.db.emptydb import settle
from pakru_dataset.db.views import all_views
from pakru_dataset.descriptor import Package, Table, read_package
from pakru_dataset.paths import package_root
from pakru_dataset.sqltext import file_literal, ident, literal, typed_sql

DB_NAME = "pakru.duckdb"
PARQUET_DIR = "parquet"
# DuckDB stamps a random identifier into every new file; starting each build from this
# committed empty database (and the same file name) keeps rebuilds byte-identical.
_EMPTY_DB = Path(__file__).with_name("empty.duckdb")


class BuildRefused(Exception):
    """The data did not validate, so nothing was built."""

    def __init__(self, report) -> None:
        super().__init__(report.summary())
        self.report = report


def require_valid(root: Path) -> None:
    """Validate the package at `root`; raise BuildRefused if it has errors."""
    from pakru_dataset.validate import validate

    report = validate(root)
    if report.exit_code != 0:
        raise BuildRefused(report)


@dataclass
class BuildResult:
    database: Path
    parquet: dict[str, Path]
    rows: dict[str, int]


@dataclass(frozen=True)
class LoadStep:
    """One statement of a table load; `repeat` runs it again until it inserts no rows."""

    sql: str
    repeat: bool = False


def load_steps(table: Table, select_sql: str) -> list[LoadStep]:
    """The statements that fill `table` from `select_sql` (its columns, in table order).

    Shared with the docs' Query page, which runs the same steps in the browser.
    """
    target = ident(table.name)
    self_keys = [fk for fk in table.foreign_keys if fk.resource == table.name]
    if not self_keys:
        return [LoadStep(f"INSERT INTO {target} {select_sql}")]
    # Rows that reference rows of the same table go in once their parents are in.
    staging = ident(f"_load_{table.name}")
    pk = ident(table.primary_key[0])
    ready = " AND ".join(
        f"(s.{ident(fk.fields[0])} IS NULL OR s.{ident(fk.fields[0])} IN "
        f"(SELECT {ident(fk.reference_fields[0])} FROM {target}))"
        for fk in self_keys
    )
    return [
        LoadStep(f"CREATE TEMP TABLE {staging} AS SELECT * FROM {target} LIMIT 0"),
        LoadStep(f"INSERT INTO {staging} {select_sql}"),
        LoadStep(
            f"INSERT INTO {target} SELECT s.* FROM {staging} s WHERE {ready} "
            f"AND s.{pk} NOT IN (SELECT {pk} FROM {target}) ORDER BY s.{pk}",
            repeat=True,
        ),
        LoadStep(f"DROP TABLE {staging}"),
    ]


def _csv_select(package: Package, table: Table) -> str:
    path = package.root / table.path
    columns = "{" + ", ".join(f"{literal(n)}: 'VARCHAR'" for n in table.field_names) + "}"
    cols = ", ".join(typed_sql(f) for f in table.fields)
    return (
        f"SELECT {cols} FROM read_csv({file_literal(path)}, "
        f"columns = {columns}, header = true, auto_detect = false, delim = ',', quote = '\"', "
        "escape = '\"', nullstr = '', allow_quoted_nulls = true, new_line = '\\n')"
    )


def _load_table(con, package: Package, table: Table) -> None:
    for step in load_steps(table, _csv_select(package, table)):
        inserted = con.execute(step.sql).fetchone()
        while step.repeat and inserted and inserted[0]:
            inserted = con.execute(step.sql).fetchone()


def populate(con, package: Package, release: bool = False) -> dict[str, int]:
    """Create and fill every table, then the views, with comments.

    For a release snapshot (`release`), only the views that release had: its rebuilt
    database stays byte-identical to the published one.
    """
    rows = {}
    for table in package.tables:
        con.execute(to_duckdb_ddl(table))
        for statement in to_duckdb_comments(table):
            con.execute(statement)
    for table in package.tables:
        _load_table(con, package, table)
        rows[table.name] = con.execute(f"SELECT count(*) FROM {ident(table.name)}").fetchone()[0]
    import duckdb

    for v in all_views():
        if release and not v.in_release(package.version):
            continue
        try:
            con.execute(v.sql)
        except duckdb.CatalogException as exc:
            # A package without the tables or columns a documented view reads.
            first = str(exc).splitlines()[0]
            raise ValueError(
                f"view {v.name} ({v.path.name}) cannot be created for this package: {first}"
            ) from None
        con.execute(f"COMMENT ON VIEW {ident(v.name)} IS {literal(v.description)}")
    return rows


def write_database(
    package: Package, target: Path, unvotes: list[Path] | None = None, release: bool = False
) -> dict[str, int]:
    """Write `target` from scratch under a temporary name beside it, then rename it."""
    import duckdb

    target.parent.mkdir(parents=True, exist_ok=True)
    clear_stale(target.parent)
    # Built in its own folder under the final file name: DuckDB records the name it was
    # written under, and the same name every time keeps rebuilds byte-identical.
    folder = temp_path(target.with_suffix(""))
    folder.mkdir()
    try:
        scratch = folder / DB_NAME
        shutil.copyfile(_EMPTY_DB, scratch)
        con = duckdb.connect(str(scratch), config={"threads": 1})
        try:
            settle(con)  # before lock_down: it fixes the configuration
            from pakru_dataset.sandbox import lock_down

            inputs = [package.root / t.path for t in package.tables] + list(unvotes or [])
            lock_down(con, files=inputs)
            rows = populate(con, package, release=release)
            if unvotes:
                from pakru_dataset.db.unvotes import load_unvotes

                rows.update(load_unvotes(con, unvotes))
            pause_point("database")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(scratch, target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def write_parquet(package: Package, database: Path, out_dir: Path) -> dict[str, Path]:
    """One Parquet file per table; each is written aside and then renamed into place."""
    import duckdb

    out_dir.mkdir(parents=True, exist_ok=True)
    clear_stale(out_dir)
    from pakru_dataset.sandbox import lock_down

    con = duckdb.connect(str(database), read_only=True, config={"threads": 1})
    lock_down(con, directories=[out_dir])
    written = {}
    try:
        for table in package.tables:
            target = out_dir / f"{table.name}.parquet"
            tmp = temp_path(target)
            order = ", ".join(ident(k) for k in table.primary_key) or "ALL"
            try:
                con.execute(
                    f"COPY (SELECT * FROM {ident(table.name)} ORDER BY {order}) TO "
                    f"{literal(str(tmp))} (FORMAT parquet, COMPRESSION zstd)"
                )
                pause_point("parquet")
                os.replace(tmp, target)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            written[table.name] = target
    finally:
        con.close()
    return written


def build(
    out_dir: Path, root: Path | None = None, check: bool = True, unvotes: list[Path] | None = None
) -> BuildResult:
    """Validate (unless `check` is False), then write the database and Parquet files.

    Both are written into one staging folder that replaces `out_dir` whole, so the database
    and the Parquet files on disk are always of the same build; builds into the same folder
    take turns. `unvotes` adds a user's copy of the full Voeten/unvotes data as extra tables.
    """
    root = Path(root or package_root())
    if unvotes:
        from pakru_dataset.db.unvotes import detect

        for path in unvotes:
            detect(Path(path))
    if check:
        require_valid(root)
    package = read_package(root)
    out_dir = Path(out_dir).absolute()
    with lock(f"build:{out_dir.resolve()}"), replace_directory(out_dir, {DB_NAME, PARQUET_DIR}) as staging:
        rows = write_database(package, staging / DB_NAME, [Path(p) for p in unvotes or []])
        parquet = write_parquet(package, staging / DB_NAME, staging / PARQUET_DIR)
    return BuildResult(
        out_dir / DB_NAME, {name: out_dir / PARQUET_DIR / p.name for name, p in parquet.items()}, rows
    )


def content_hash(root: Path | None = None) -> str:
    """Hash of everything a build depends on: descriptor, schemas, data, views, code version."""
    from pakru_dataset import __version__

    root = Path(root or package_root())
    package = read_package(root)
    h = hashlib.sha256(__version__.encode())
    files = [root / "datapackage.json"] + [root / t.schema_path for t in package.tables]
    files += [root / t.path for t in package.tables] + [v.path for v in all_views()]
    files += [Path(__file__).with_name("ddl.py"), Path(__file__)]
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.is_file() else b"")
    return h.hexdigest()[:16]
