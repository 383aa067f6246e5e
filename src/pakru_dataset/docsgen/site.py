"""Everything the docs site generates, as {path inside docs: content}, and its navigation."""

from __future__ import annotations

import json
from pathlib import Path

from pakru_dataset.descriptor import load_package
from pakru_dataset.docsgen import (
    browse,
    charts,
    citation,
    dictionary,
    downloads,
    home,
    records,
    reference,
    timeline,
)
from pakru_dataset.paths import package_root
from pakru_dataset.sqltext import ident


def coverage_markdown(con, package) -> str:
    lines = ["| table | rows | years | definitions |", "|---|---|---|---|"]
    for t in package.fact_tables():
        if not t.main_date:
            continue
        col = ident(t.main_date)
        n, lo, hi = con.execute(
            f"SELECT count(*), min(year({col})), max(year({col})) FROM {ident(t.name)}"
        ).fetchone()
        lines.append(
            f"| [{t.title}](browse/{t.name}.md) | {n:,} | {lo}–{hi} | [fields](dictionary/{t.name}.md) |"
        )
    for name in ("actors", "sources"):
        t = package.table(name)
        n = con.execute(f"SELECT count(*) FROM {ident(name)}").fetchone()[0]
        lines.append(f"| [{t.title}](browse/{name}.md) | {n:,} | | [fields](dictionary/{name}.md) |")
    return "\n".join(lines)


def site_settings(root: Path, package, config: dict | None) -> records.Site:
    """What record pages say about the dataset, from mkdocs.yml, CITATION.cff and the releases."""
    import pakru_dataset

    config = config or {}
    cff = (root / "CITATION.cff").read_text(encoding="utf-8") if (root / "CITATION.cff").is_file() else ""
    version = pakru_dataset.__version__
    manifest = root / "releases" / version / "manifest.json"
    date = json.loads(manifest.read_text(encoding="utf-8"))["date"] if manifest.is_file() else ""
    extra = config.get("extra") or {}
    return records.Site(
        site_url=str(config.get("site_url") or ""),
        issue_tracker=str(extra.get("issue_tracker") or ""),
        version=version,
        release_date=date,
        dataset_title=reference._cff_value(cff, "title") or package.title,
        author=reference.cff_author(cff) or "pakru-dataset maintainers",
    )


def generate(root: Path | None = None, config: dict | None = None) -> dict[str, str | bytes]:
    """All generated pages and assets for the site; `config` is mkdocs.yml's (site_url, extra)."""
    import pakru_dataset

    root = Path(root or package_root())
    package = load_package(root)
    settings = site_settings(root, package, config)
    pages: dict[str, str | bytes] = {}
    con = pakru_dataset.connect(root=root)
    try:
        store = records.Store(con, package)
        pages.update(records.generate(store, root, settings))
        pages["dictionary/index.md"] = dictionary.index_markdown(package)
        for table in package.tables:
            pages[f"dictionary/{table.name}.md"] = dictionary.to_markdown(table, package)
        pages["browse/index.md"] = browse.index_markdown(store)
        for name in browse.BROWSABLE:
            pages[f"browse/{name}.md"] = browse.browse_markdown(store, name)
            pages[f"browse/{name}.json"] = browse.browse_json(store, name)
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
        credit = f"pakru-dataset {settings.version} · CC BY 4.0"
        for chart in charts.build(con, credit):
            base = f"assets/charts/{chart.slug}"
            pages[f"{base}.svg"] = chart.draw("wide")
            pages[f"{base}-narrow.svg"] = chart.draw("narrow")
            pages[f"{base}.csv"] = chart.csv()
            pages[f"_chart/{chart.slug}"] = charts.chart_markdown(chart, "{depth}")
        milestones = timeline.milestones(con)
        pages["assets/charts/timeline.csv"] = timeline.timeline_csv(milestones)
        pages["_timeline"] = timeline.timeline_html(milestones, "{depth}")
        pages["_coverage.md"] = coverage_markdown(con, package)
        pages["_home"] = home.hero_html(con, store, settings, root)
    finally:
        con.close()
    pages["cli.md"] = reference.cli_markdown()
    pages["cite.md"] = citation.cite_markdown(root)
    pages.update(downloads.generate(root))
    pages["_home_jsonld.html"] = downloads.home_jsonld(root, str(pages[downloads.INDEX_JSON]))
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
        {
            "Browse the data": [
                *[{package.table(name).title: f"browse/{name}.md"} for name in browse.BROWSABLE],
                {"All tables": "browse/index.md"},
            ]
        },
        {"Charts": "charts.md"},
        {"Methodology": "methodology.md"},
        {"SQL cookbook": "cookbook.md"},
        {"Query in the browser": "query.md"},
        {"Command line": "cli.md"},
        {"Downloads": "downloads/index.md"},
        {"How to cite": "cite.md"},
        {"Changelog": "changelog.md"},
        {"Performance": "performance.md"},
        {"Security and limits": "security.md"},
    ]
