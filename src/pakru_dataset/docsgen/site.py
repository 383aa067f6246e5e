"""Everything the docs site generates, as {path inside docs: content}, and its navigation."""

from __future__ import annotations

import json
from pathlib import Path

from pakru_dataset.db.views import FLAT_VIEWS
from pakru_dataset.descriptor import load_package
from pakru_dataset.docsgen import browse, charts, dictionary, reference
from pakru_dataset.paths import package_root
from pakru_dataset.sqltext import ident


def _rows(con, name: str) -> tuple[list[str], list[tuple]]:
    cur = con.execute(f"SELECT * FROM {ident(name)}")
    return [d[0] for d in cur.description], cur.fetchall()


def coverage_markdown(con, package) -> str:
    lines = ["| table | rows | years |", "|---|---|---|"]
    for name, col in ((t.name, ident(t.main_date)) for t in package.fact_tables() if t.main_date):
        n, lo, hi = con.execute(
            f"SELECT count(*), min(year({col})), max(year({col})) FROM {ident(name)}"
        ).fetchone()
        lines.append(f"| [{name}](dictionary/{name}.md) | {n:,} | {lo}–{hi} |")
    for name in ("actors", "sources", "country_votes"):
        n = con.execute(f"SELECT count(*) FROM {ident(name)}").fetchone()[0]
        lines.append(f"| [{name}](dictionary/{name}.md) | {n:,} | |")
    return "\n".join(lines)


def release_manifests(root: Path) -> list[dict]:
    return [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted((root / "releases").glob("*/manifest.json"))
    ]


def release_files(root: Path, manifest: dict) -> dict[str, bytes]:
    """A release's artifacts, rebuilt from its snapshot and checked against its manifest."""
    import hashlib
    import tempfile

    from pakru_dataset.release.artifacts import build_artifacts

    version = manifest["version"]
    expected = {f["path"]: f["sha256"] for f in manifest["files"]}
    with tempfile.TemporaryDirectory(prefix="pakru-docs-") as tmp:
        out = Path(tmp) / version
        build_artifacts(root / "releases" / version, out)
        files = {}
        for rel, digest in expected.items():
            data = (out / rel).read_bytes()
            if hashlib.sha256(data).hexdigest() != digest:
                raise RuntimeError(f"release {version}: rebuilt {rel} does not match its manifest checksum")
            files[f"downloads/{version}/{rel}"] = data
    for rel in ("SHA256SUMS", "manifest.json", "datapackage.json"):
        files[f"downloads/{version}/release-{rel}"] = (root / "releases" / version / rel).read_bytes()
    return files


def generate(root: Path | None = None) -> dict[str, str | bytes]:
    """All generated pages and assets for the site."""
    import pakru_dataset

    root = Path(root or package_root())
    package = load_package(root)
    pages: dict[str, str | bytes] = {}
    con = pakru_dataset.connect(root=root)
    try:
        pages["dictionary/index.md"] = dictionary.index_markdown(package)
        for table in package.tables:
            pages[f"dictionary/{table.name}.md"] = dictionary.to_markdown(table, package)
            source = FLAT_VIEWS.get(table.name, table.name)
            columns, rows = _rows(con, source)
            pages[f"browse/{table.name}.md"] = browse.browse_markdown(
                table.name, table.title, table.description, columns, rows
            )
        view_columns = {}
        views = con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
        for (view_name,) in views:
            view_columns[view_name] = con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() "
                "WHERE table_name = ? ORDER BY column_index",
                [view_name],
            ).fetchall()
        pages["dictionary/views.md"] = dictionary.views_markdown(view_columns)
        pages["dictionary/rules.md"] = dictionary.rules_markdown()
        for name, draw in charts.CHARTS.items():
            pages[f"assets/charts/{name}"] = draw(con)
        pages["_coverage.md"] = coverage_markdown(con, package)
    finally:
        con.close()
    pages["cli.md"] = reference.cli_markdown()
    pages["cite.md"] = reference.cite_markdown(root)
    manifests = release_manifests(root)
    pages["downloads/index.md"] = reference.downloads_markdown(manifests)
    for manifest in manifests:
        pages.update(release_files(root, manifest))
    pages["performance.md"] = reference.performance_markdown(root / "benchmarks" / "results.json")
    changelog = root / "CHANGELOG.md"
    pages["changelog.md"] = changelog.read_text(encoding="utf-8") if changelog.is_file() else "# Changelog\n"
    return pages


def navigation(root: Path | None = None) -> list:
    package = load_package(root)
    return [
        {"Home": "index.md"},
        {
            "Data dictionary": [
                "dictionary/index.md",
                *[{t.name: f"dictionary/{t.name}.md"} for t in package.tables],
                {"Views": "dictionary/views.md"},
                {"Validation rules": "dictionary/rules.md"},
            ]
        },
        {"Browse the data": [{t.name: f"browse/{t.name}.md"} for t in package.tables]},
        {"Charts": "charts.md"},
        {"Methodology": "methodology.md"},
        {"SQL cookbook": "cookbook.md"},
        {"Query in the browser": "query.md"},
        {"Command line": "cli.md"},
        {"Downloads": "downloads/index.md"},
        {"How to cite": "cite.md"},
        {"Changelog": "changelog.md"},
        {"Performance": "performance.md"},
    ]
