"""Release artifacts, built only from a release snapshot and byte-identical on every rebuild.

From `releases/VERSION/` this writes: the DuckDB database (tables, views and row history),
one Parquet file per table, the flat CSVs for spreadsheets (with each row's history), a
README, SHA256SUMS and one zip with all of it. Timestamps come from the snapshot, entries
are sorted, and DuckDB runs single-threaded from a fixed empty database.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

from pakru_dataset.checksums import format_sums, sums_for
from pakru_dataset.db.views import FLAT_VIEWS
from pakru_dataset.descriptor import read_package
from pakru_dataset.output import spreadsheet_safe
from pakru_dataset.release.history import HISTORY_FILE

COPIED = ("LICENSE", "LICENSE-DATA", "CITATION.cff", "CHANGELOG.md")
# Releases made before the storage fix (their manifest has no "duckdb_storage_version") were
# built from an empty database in DuckDB 2.0's storage format; rebuilding them byte for byte
# needs that same starting file.
_LEGACY_EMPTY_DB = Path(__file__).with_name("empty-v2.0.1.duckdb")


def zip_name(version: str) -> str:
    return f"pakru-dataset-{version}.zip"


def _created(snapshot: Path) -> tuple[int, int, int, int, int, int]:
    created = json.loads((snapshot / "datapackage.json").read_text(encoding="utf-8")).get("created", "")
    y, m, d = (int(x) for x in (created[:10] or "1980-01-01").split("-"))
    return (max(y, 1980), m, d, 0, 0, 0)


def _empty_for(snapshot: Path, current: Path) -> Path:
    manifest = snapshot / "manifest.json"
    legacy = manifest.is_file() and "duckdb_storage_version" not in json.loads(manifest.read_text("utf-8"))
    return _LEGACY_EMPTY_DB if legacy else current


def _database(snapshot: Path, out: Path) -> None:
    import duckdb

    from pakru_dataset.db.build import _EMPTY_DB, populate
    from pakru_dataset.db.emptydb import settle
    from pakru_dataset.sandbox import lock_down
    from pakru_dataset.sqltext import literal

    package = read_package(snapshot)
    empty = _empty_for(snapshot, _EMPTY_DB)
    shutil.copyfile(empty, out)
    con = duckdb.connect(str(out), config={"threads": 1})
    try:
        if empty != _LEGACY_EMPTY_DB:
            settle(con)  # before lock_down: it fixes the configuration
        # Like every connection pakru opens on package input: it reads the snapshot's own
        # tables and row history, and nothing else.
        inputs = [snapshot / t.path for t in package.tables] + [snapshot / HISTORY_FILE]
        lock_down(con, files=inputs)
        populate(con, package, release=True)
        con.execute(
            "CREATE TABLE row_history (table_name VARCHAR, row_key VARCHAR, "
            "first_released_in VARCHAR, last_changed_in VARCHAR, PRIMARY KEY (table_name, row_key))"
        )
        con.execute(
            f"INSERT INTO row_history SELECT * FROM read_csv({literal(str(snapshot / HISTORY_FILE))}, "
            "header = true, all_varchar = true) ORDER BY table_name, row_key"
        )
        con.execute(
            "COMMENT ON TABLE row_history IS 'For every row of every table (keyed by its primary "
            "key, parts joined by |), the release it first appeared in and the release it last "
            "changed in.'"
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _flat_csvs(package, database: Path, out_dir: Path) -> list[Path]:
    from pakru_dataset.sandbox import open_readonly
    from pakru_dataset.sqltext import ident, literal

    con = open_readonly(database, threads=1)
    written = []
    try:
        for table, view in FLAT_VIEWS.items():
            key = package.table(table).primary_key[0]
            cur = con.execute(
                f"SELECT v.*, h.first_released_in, h.last_changed_in FROM {ident(view)} v "
                f"LEFT JOIN row_history h ON h.table_name = {literal(table)} AND h.row_key = v.{ident(key)} "
                f"ORDER BY v.{ident(key)}"
            )
            columns = [d[0] for d in cur.description]
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(columns)
            for row in cur.fetchall():
                writer.writerow(
                    [
                        ""
                        if v is None
                        else spreadsheet_safe(str(v) if not isinstance(v, bool) else str(v).lower())
                        for v in row
                    ]
                )
            path = out_dir / f"{view}.csv"
            path.write_text(buf.getvalue(), encoding="utf-8")
            written.append(path)
    finally:
        con.close()
    return written


def _parquet(database: Path, out_dir: Path, tables: list[str]) -> None:
    import duckdb

    from pakru_dataset.sandbox import lock_down
    from pakru_dataset.sqltext import ident, literal

    con = duckdb.connect(str(database), read_only=True, config={"threads": 1})
    lock_down(con, directories=[out_dir])
    try:
        for name in [*tables, "row_history"]:
            con.execute(
                f"COPY (SELECT * FROM {ident(name)} ORDER BY ALL) TO "
                f"{literal(str(out_dir / (name + '.parquet')))} (FORMAT parquet, COMPRESSION zstd)"
            )
    finally:
        con.close()


def _readme(snapshot: Path) -> str:
    package = read_package(snapshot)
    d = package.descriptor
    lines = [
        f"{d.get('title', 'pakru-dataset')} — version {package.version}",
        "",
        d.get("description", ""),
        "",
        "Contents:",
        "  data/*.csv           the tables, one file per table (UTF-8, comma-separated)",
        "  flat/*.csv           one row per engagement, agreement, roll call or event, with",
        "                       participants and source URLs inline and each row's history",
        "  parquet/*.parquet    the same tables as Parquet",
        "  pakru.duckdb         a DuckDB database with every table and documented view",
        "  schemas/*.json       Frictionless Table Schemas: every field defined",
        "  datapackage.json     the Data Package descriptor, with checksums",
        "  row_history.csv      the release each row first appeared in and last changed in",
        "  SHA256SUMS           checksums of every file",
        "",
        "Licence: data CC BY 4.0 (LICENSE-DATA); code MIT (LICENSE). Cite as in CITATION.cff.",
        "Every row cites its sources in the *_sources tables; check them before publishing.",
        "",
    ]
    return "\n".join(lines)


def build_artifacts(snapshot: Path, out_dir: Path) -> list[Path]:
    """Write every artifact of the release in `snapshot` into `out_dir` (which must be empty)."""
    from pakru_dataset.atomic import pause_point

    package = read_package(snapshot)
    version = package.version
    out_dir.mkdir(parents=True, exist_ok=True)
    database = out_dir / "pakru.duckdb"
    _database(snapshot, database)
    pause_point("release-artifacts")
    (out_dir / "flat").mkdir()
    _flat_csvs(package, database, out_dir / "flat")
    (out_dir / "parquet").mkdir()
    _parquet(database, out_dir / "parquet", [t.name for t in package.tables])
    (out_dir / "README.txt").write_text(_readme(snapshot), encoding="utf-8")

    # The zip: snapshot files (not its manifest or checksums) plus the built artifacts.
    members: dict[str, Path] = {}
    for name in ["datapackage.json", HISTORY_FILE, *COPIED]:
        if (snapshot / name).is_file():
            members[name] = snapshot / name
    for sub in ("data", "schemas"):
        for p in sorted((snapshot / sub).glob("*")):
            members[f"{sub}/{p.name}"] = p
    for p in sorted(out_dir.rglob("*")):
        if p.is_file():
            members[p.relative_to(out_dir).as_posix()] = p
    stamp = _created(snapshot)
    inner = format_sums({name: sums_for(path.parent, [path])[path.name] for name, path in members.items()})
    archive = out_dir / zip_name(version)
    prefix = f"pakru-dataset-{version}/"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(prefix + name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, members[name].read_bytes(), compresslevel=9)
        info = zipfile.ZipInfo(prefix + "SHA256SUMS", date_time=stamp)
        info.external_attr = 0o644 << 16
        zf.writestr(info, inner, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    files = sorted(p for p in out_dir.rglob("*") if p.is_file())
    (out_dir / "SHA256SUMS").write_text(format_sums(sums_for(out_dir, files)), encoding="utf-8")
    return sorted(p for p in out_dir.rglob("*") if p.is_file())
