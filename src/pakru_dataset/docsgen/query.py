"""The Query page: DuckDB-WASM in the reader's browser, over a release's Parquet files.

The page builds the same database as `pakru build`: the DDL and comments derived from the
release's Table Schemas, the same load steps, and the view SQL files themselves, which are
shipped with the site. The WASM comes from npm (pinned in package-lock.json) through
scripts/install-wasm and is copied into the built site with its licence notices.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

from pakru_dataset.paths import package_root

PAGE = "query.md"
ASSETS = "assets/query"
# What scripts/install-wasm leaves for the site (gitignored; rebuilt when the lock changes).
WASM_DIR = Path("node_modules") / ".pakru-query"
WASM_FILES = (
    "duckdb.mjs",
    "duckdb-browser-eh.worker.js",
    "duckdb-eh.wasm",
    "parquet_wasm_bg.wasm",
    "LICENSES.txt",
)
# The page's own code, committed under docs/ (so MkDocs copies it like any asset).
PAGE_FILES = ("pakru-query.js", "pakru-query.css")
RESULTS = Path("benchmarks") / "results-query.json"
_RECIPE = re.compile(r"^## (.+?)\n.*?```sql\n(.*?)```", re.S | re.M)
_RUNNABLE: set[str] = set()  # the recipes on the Query page, for the cookbook's links


def cookbook_recipes(markdown: str) -> dict[str, str]:
    """Each `## title` of the SQL cookbook with the first SQL block under it."""
    return {title.strip(): sql.strip() + "\n" for title, sql in _RECIPE.findall(markdown)}


def ensure_wasm(root: Path) -> Path:
    """The installed DuckDB-WASM files, installing them with scripts/install-wasm if needed."""
    folder = root / WASM_DIR
    done = subprocess.run([str(root / "scripts" / "install-wasm")], cwd=root, capture_output=True, text=True)
    missing = [name for name in WASM_FILES if not (folder / name).is_file()]
    if done.returncode != 0 or missing:
        raise RuntimeError(
            "the Query page needs DuckDB-WASM from npm, and scripts/install-wasm failed "
            f"(exit {done.returncode}; missing: {', '.join(missing) or 'nothing'}): "
            f"{(done.stderr or done.stdout).strip()[-2000:]}"
        )
    return folder


def newest_release(root: Path) -> str:
    from pakru_dataset.release.versions import parse

    versions = [p.parent.name for p in (root / "releases").glob("*/datapackage.json")]
    if not versions:
        raise RuntimeError("the Query page needs a release: releases/ holds none")
    return str(max(parse(v) for v in versions))


def data_folder(site_paths: set[str], version: str, tables: list[str]) -> str:
    """The downloads folder the page reads: `latest` when the site has one, else the version."""
    for folder in ("latest", version):
        if all(f"downloads/{folder}/parquet/{t}.parquet" in site_paths for t in tables):
            return folder
    raise RuntimeError(f"the Query page needs downloads/{version}/parquet/*.parquet in the site")


def _batched(statements: list[tuple[str, bool]]) -> list[dict]:
    """Runs of plain statements joined into one transaction each (one trip to DuckDB's worker);
    a repeated statement stays on its own."""
    batches: list[dict] = []
    run: list[str] = []
    for sql, repeat in statements:
        if not repeat:
            run.append(sql.rstrip().rstrip(";") + ";")
            continue
        if run:
            batches.append({"sql": "\n".join(["BEGIN TRANSACTION;", *run, "COMMIT;"]), "repeat": False})
            run = []
        batches.append({"sql": sql, "repeat": True})
    if run:
        batches.append({"sql": "\n".join(["BEGIN TRANSACTION;", *run, "COMMIT;"]), "repeat": False})
    return batches


def page_config(root: Path, version: str, folder: str, recipes: dict[str, str]) -> dict:
    """Everything the page's script needs: where the files are and the SQL to run, in order.

    The page first hands each Parquet file to DuckDB as a staging table (`staging`), then runs
    `load`: the schema DDL and comments, and each table's load steps from `pakru build`.
    """
    from pakru_dataset.db.build import load_steps
    from pakru_dataset.db.ddl import to_duckdb_comments, to_duckdb_ddl
    from pakru_dataset.db.views import all_views
    from pakru_dataset.descriptor import read_package
    from pakru_dataset.sqltext import ident, literal

    package = read_package(root / "releases" / version)
    statements = [(to_duckdb_ddl(t), False) for t in package.tables]
    statements += [(c, False) for t in package.tables for c in to_duckdb_comments(t)]
    tables = []
    for table in package.tables:
        staging = f"_parquet_{table.name}"
        select = f"SELECT {', '.join(ident(n) for n in table.field_names)} FROM {ident(staging)}"
        statements += [(step.sql, step.repeat) for step in load_steps(table, select)]
        statements.append((f"DROP TABLE {ident(staging)}", False))
        tables.append({"name": table.name, "file": f"{table.name}.parquet", "staging": staging})
    return {
        "version": version,
        "data": f"downloads/{folder}/parquet/",
        "tables": tables,
        "load": _batched(statements),
        "views": [
            {
                "file": f"views/{v.path.name}",
                "comment": f"COMMENT ON VIEW {ident(v.name)} IS {literal(v.description)}",
            }
            for v in all_views()
            if v.in_release(version)
        ],
        "recipes": [{"title": t, "sql": sql} for t, sql in recipes.items()],
    }


def runnable_recipes(root: Path, version: str, recipes: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The recipes that run on this release, and the titles of those that do not."""
    import duckdb

    from pakru_dataset.api import connect

    con = connect(root, version=version)
    good, left_out = {}, []
    try:
        for title, sql in recipes.items():
            try:
                con.execute(sql).fetchall()
                good[title] = sql
            except duckdb.Error:
                left_out.append(title)
    finally:
        con.close()
    return good, left_out


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def page_markdown(config: dict, left_out: list[str], wasm_bytes: int, up: str) -> str:
    """The page: a short introduction, the editor, the examples, and the script tags."""
    buttons = "\n".join(
        f'<li><button type="button" class="pq-example" data-recipe="{i}">'
        f"{html.escape(r['title'])}</button></li>"
        for i, r in enumerate(config["recipes"])
    )
    data = json.dumps({**config, "assets": f"{up}{ASSETS}/", "data": up + config["data"]}, ensure_ascii=False)
    data = data.replace("</", "<\\/")
    skipped = ""
    if left_out:
        skipped = (
            " Cookbook recipes that need tables this release does not hold are left out: "
            + "; ".join(f"*{html.escape(t)}*" for t in left_out)
            + "."
        )
    return f"""# Query the data in your browser

Run SQL on release **{config["version"]}** without installing anything: DuckDB runs inside
this page (as WebAssembly), over the release's own Parquet files from the
[downloads](downloads/index.md). The tables and [views](dictionary/views.md) are the ones
`pakru build` makes, from the same definitions. Your queries stay in your browser, and
nothing outside this site can be read. The first visit downloads about
{_megabytes(wasm_bytes)}, less when the host compresses it (see [Performance](performance.md));
your browser can keep it for later visits.

Pick an example from the [SQL cookbook](cookbook.md) or write your own query, then press
**Run** (or Ctrl+Enter). The address bar keeps your query, so you can share a result by
sharing the link.{skipped}

<div class="pakru-query" markdown="0">
<p class="pq-status" role="status" aria-live="polite">Loading DuckDB…</p>
<label class="pq-label" for="pq-sql">SQL query</label>
<textarea id="pq-sql" class="pq-sql" rows="9" spellcheck="false" autocapitalize="off"
autocomplete="off"></textarea>
<div class="pq-actions">
<button type="button" class="md-button md-button--primary pq-run" disabled>Run</button>
<button type="button" class="md-button pq-csv" disabled>Download CSV</button>
</div>
<div class="pq-error" role="alert" hidden></div>
<p class="pq-meta" aria-live="polite"></p>
<div class="pq-result" tabindex="0" role="region" aria-label="Query result"></div>
<details class="pq-examples" open>
<summary>Examples from the SQL cookbook</summary>
<ul>
{buttons}
</ul>
</details>
</div>
<script type="application/json" id="pakru-query-config">{data}</script>
<link rel="stylesheet" href="{up}{ASSETS}/pakru-query.css">
<script type="module" src="{up}{ASSETS}/pakru-query.js"></script>

DuckDB-WASM, Apache Arrow and parquet-wasm are open-source software; their licences are in
[LICENSES.txt]({ASSETS}/LICENSES.txt).
"""


def site_files(
    site_paths: set[str], docs_dir: Path, use_directory_urls: bool
) -> dict[str, str | bytes | Path]:
    """The page and its assets, as {path in the site: content, or a file to copy}."""
    from pakru_dataset.db.views import all_views

    root = package_root()
    wasm = ensure_wasm(root)
    version = newest_release(root)
    from pakru_dataset.descriptor import read_package

    tables = [t.name for t in read_package(root / "releases" / version).tables]
    folder = data_folder(site_paths, version, tables)
    recipes, left_out = runnable_recipes(
        root, version, cookbook_recipes((docs_dir / "cookbook.md").read_text(encoding="utf-8"))
    )
    config = page_config(root, version, folder, recipes)
    _RUNNABLE.clear()
    _RUNNABLE.update(recipes)
    files: dict[str, str | bytes | Path] = {f"{ASSETS}/{name}": wasm / name for name in WASM_FILES}
    for v in all_views():
        if v.in_release(version):
            files[f"{ASSETS}/views/{v.path.name}"] = v.path
    wasm_bytes = sum((wasm / name).stat().st_size for name in WASM_FILES if name != "LICENSES.txt")
    files[PAGE] = page_markdown(config, left_out, wasm_bytes, "../" if use_directory_urls else "")
    return files


def performance_markdown(results: Path) -> str:
    """The Query page's recorded weight and speed, for the Performance page."""
    lines = ["", "## The Query page", ""]
    if not results.is_file():
        return "\n".join([*lines, "No Query page measurement recorded yet.", ""])
    d = json.loads(results.read_text(encoding="utf-8"))
    rows = [
        ("bytes the Query page transfers, as served here (uncompressed)", d["query_page_bytes"]),
        ("the same, gzip-compressed as most static hosts serve it", d["query_page_gzip_bytes"]),
        ("bytes the home page transfers, for comparison", d["home_page_bytes"]),
    ]
    times = [
        ("page load to first result, median", d["first_result_ms_median"]),
        ("page load to first result, slowest run", d["first_result_ms_max"]),
        ("page load to DuckDB ready with every table and view, median", d["ready_ms_median"]),
    ]
    if "instantiated_ms_median" in d:
        label = "of which until DuckDB-WASM is downloaded and compiled, median"
        times.append((label, d["instantiated_ms_median"]))
    cpu = ""
    if "browser_cpu_seconds_median" in d:
        cpu = (
            f" The browser's processes used {d['browser_cpu_seconds_median']:.1f} s of CPU time "
            "(median) from navigation to the first result, a figure that does not depend on what "
            "else the machine is doing; the wall-clock times below do (see the load average)."
        )
    lines += [
        f"Measured on {d['machine']} with `{d['command']}` on {d['date']}: {d['runs']} loads of "
        "the Query page in headless Chromium from a local server, each in a fresh browser "
        f"profile (nothing cached), DuckDB-WASM {d['duckdb_wasm']}. The first result is the "
        "page's opening example, run as soon as DuckDB is ready." + cpu,
        "",
        "| measure | value |",
        "|---|---|",
        *[f"| {label} | {n:,} bytes ({_megabytes(n)}) |" for label, n in rows],
        *[f"| {label} | {ms / 1000:.2f} s |" for label, ms in times],
        "",
        d.get("note", ""),
        "",
    ]
    return "\n".join(lines)


def add_to_files(files, config) -> None:
    """MkDocs `on_files`: add the page and its assets to the site's files."""
    from mkdocs.structure.files import File

    paths = {f.src_uri for f in files}
    for path, content in site_files(paths, Path(config["docs_dir"]), config["use_directory_urls"]).items():
        if isinstance(content, Path):
            files.append(File.generated(config, path, abs_src_path=str(content)))
        else:
            files.append(File.generated(config, path, content=content))


def cookbook_with_links(markdown: str, runnable: set[str], query_url: str) -> str:
    """The cookbook with a link under each recipe that opens it on the Query page."""
    from urllib.parse import quote

    def link(match: re.Match) -> str:
        title, sql = match.group(1).strip(), match.group(2).strip() + "\n"
        if title not in runnable:
            return match.group(0)
        href = html.escape(f"{query_url}#sql={quote(sql, safe='')}")
        anchor = f'<a href="{href}">Run this query in your browser</a>'
        return f'{match.group(0)}\n\n<p class="pakru-try">{anchor}</p>\n'

    return _RECIPE.sub(link, markdown)


def on_page_markdown(markdown: str, page) -> str:
    """MkDocs `on_page_markdown`: the Performance page gets the Query page's measurement, and
    each cookbook recipe that runs on the release a link to the Query page."""
    from mkdocs.utils import get_relative_url

    if page.file.src_uri == "performance.md":
        return markdown + performance_markdown(package_root() / RESULTS)
    if page.file.src_uri == "cookbook.md" and _RUNNABLE:
        return cookbook_with_links(markdown, _RUNNABLE, get_relative_url("query/", page.url))
    return markdown
