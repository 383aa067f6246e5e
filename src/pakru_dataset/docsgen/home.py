"""The home page's top block: how current the data is, the release, key numbers, and the
buttons a reader needs first (download, SQL, browse)."""

from __future__ import annotations

import json
from pathlib import Path

from pakru_dataset.docsgen.labels import date_text, esc
from pakru_dataset.docsgen.records import Site, Store
from pakru_dataset.docsgen.reference import _size
from pakru_dataset.sqltext import ident


def data_through(con, store: Store) -> str:
    """The latest dated record across the fact tables, written at its precision."""
    latest = None
    for table in store.package.fact_tables():
        date = table.main_date
        precision = table.field(date).precision_field
        second = ident(precision) if precision else "NULL"
        sql = f"SELECT {ident(date)}, {second} FROM {ident(table.name)} ORDER BY 1 DESC LIMIT 1"
        row = con.execute(sql).fetchone()
        if row and (latest is None or row[0] > latest[0]):
            latest = row
    return date_text(latest[0], latest[1] or "day") if latest else "no records yet"


def _zip(root: Path, version: str) -> tuple[str, int] | None:
    manifest = root / "releases" / version / "manifest.json"
    if not manifest.is_file():
        return None
    for f in json.loads(manifest.read_text(encoding="utf-8"))["files"]:
        if f["path"].endswith(".zip"):
            return f"downloads/{version}/{f['path']}", int(f.get("bytes", 0))
    return None


def hero_html(con, store: Store, site: Site, root: Path) -> str:
    """HTML with `{sql_href}` and `{downloads_href}` left for the hook, which knows the pages."""
    counts = [
        (name, len(store.rows[name]), label)
        for name, label in (
            ("engagements", "engagements"),
            ("agreements", "agreements"),
            ("roll_calls", "UN roll calls"),
            ("events", "other events"),
            ("sources", "sources cited"),
        )
    ]
    numbers = "".join(
        f'<li><a href="browse/{name}/"><strong>{n:,}</strong> {esc(label)}</a></li>'
        for name, n, label in counts
    )
    released = f", released {date_text(site.release_date)}" if site.release_date else ""
    archive = _zip(root, site.version)
    if archive:
        href, size = archive
        download = (
            f'<a class="md-button md-button--primary" href="{href}" download>'
            f"Download the data <small>(zip, {_size(size)})</small></a>"
        )
    else:
        download = '<a class="md-button md-button--primary" href="{downloads_href}">Download the data</a>'
    return (
        '<div class="pakru-hero">'
        f'<p class="pakru-status">Data through <strong>{esc(data_through(con, store))}</strong> · '
        f"version <strong>{esc(site.version)}</strong>{esc(released)} · CC BY 4.0</p>"
        f'<p class="pakru-actions">{download} '
        '<a class="md-button" href="{sql_href}">Query with SQL</a> '
        '<a class="md-button" href="browse/engagements/">Browse engagements</a> '
        '<a class="pakru-more" href="{downloads_href}">All downloads</a></p>'
        f'<ul class="pakru-numbers">{numbers}</ul></div>'
    )
