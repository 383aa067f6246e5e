"""The Query page: DuckDB-WASM in headless Chromium gives the answers `pakru` gives, and reads
nothing but the site's own files."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import functools
import http.server
import json
import re
import threading
from pathlib import Path

import pytest
from conftest import ROOT
from docsite import CHROMIUM, build_versioned, launched_chromium

from pakru_dataset.api import connect
from pakru_dataset.db.views import VIEWS_DIR
from pakru_dataset.docsgen import query

ARTIFACTS = ROOT / "test-artifacts"
VERSION = query.newest_release(ROOT)
RECIPES = query.cookbook_recipes((ROOT / "docs" / "cookbook.md").read_text(encoding="utf-8"))


def normalise(value):
    """One comparable form for a value from DuckDB in Python or from the page's table."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | decimal.Decimal):
        return round(float(value), 6)
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def python_rows(sql: str) -> tuple[list[str], list[tuple]]:
    con = connect(ROOT, version=VERSION)
    try:
        cur = con.execute(sql)
        return [d[0] for d in cur.description], cur.fetchall()
    finally:
        con.close()


def same_rows(page_rows: list[list], rows: list[tuple]) -> bool:
    """Equal as multisets, each page value read with the type of the Python value beside it."""

    def page_value(text, like):
        if text is None or like is None:
            return text if like is None else None
        if isinstance(like, int | float | decimal.Decimal) and not isinstance(like, bool):
            return round(float(text), 6)
        return text

    expected = sorted((tuple(normalise(v) for v in r) for r in rows), key=repr)
    if len(page_rows) != len(rows) or not rows:
        return len(page_rows) == len(rows)
    # Types come from the first non-null value of each column on the Python side.
    likes = [next((r[i] for r in rows if r[i] is not None), None) for i in range(len(rows[0]))]
    got = sorted((tuple(page_value(v, likes[i]) for i, v in enumerate(r)) for r in page_rows), key=repr)
    return got == expected


# --- without a browser: the page's setup SQL builds the same database as `pakru build` ---


@pytest.fixture(scope="module")
def release_parquet(tmp_path_factory) -> Path:
    from pakru_dataset.release.artifacts import build_artifacts

    out = tmp_path_factory.mktemp("release") / VERSION
    build_artifacts(ROOT / "releases" / VERSION, out)
    return out / "parquet"


def test_page_setup_builds_the_same_database_as_pakru(release_parquet):
    import duckdb

    from pakru_dataset.sqltext import ident, literal

    config = query.page_config(ROOT, VERSION, VERSION, RECIPES)
    con = duckdb.connect()
    for table in config["tables"]:
        source = literal(str(release_parquet / table["file"]))
        con.execute(f"CREATE TABLE {ident(table['staging'])} AS SELECT * FROM read_parquet({source})")
    for step in config["load"]:
        inserted = con.execute(step["sql"]).fetchone()
        while step["repeat"] and inserted and inserted[0]:
            inserted = con.execute(step["sql"]).fetchone()
    for view in config["views"]:
        con.execute((VIEWS_DIR / Path(view["file"]).name).read_text(encoding="utf-8"))
        con.execute(view["comment"])
    reference = connect(ROOT, version=VERSION)
    catalog = (
        "SELECT table_name, estimated_size, comment FROM duckdb_tables() "
        "UNION ALL SELECT view_name, NULL, comment FROM duckdb_views() WHERE NOT internal ORDER BY 1"
    )
    columns = "SELECT table_name, column_name, data_type FROM duckdb_columns() ORDER BY ALL"
    for sql in (catalog, columns):
        assert con.execute(sql).fetchall() == reference.execute(sql).fetchall()
    for title in ("Years with the most engagements", "The chain of amendments behind an agreement"):
        assert con.execute(RECIPES[title]).fetchall() == reference.execute(RECIPES[title]).fetchall()


def test_examples_are_the_cookbook_recipes_that_run_on_the_release():
    runnable, left_out = query.runnable_recipes(ROOT, VERSION, RECIPES)
    assert len(runnable) >= 12
    assert list(runnable) + left_out == [t for t in RECIPES if t in runnable] + left_out
    assert set(runnable) | set(left_out) == set(RECIPES)
    # The one that needs the full UN record is left out, with its title on the page.
    assert "With the full General Assembly record loaded" in left_out


def test_page_reads_latest_when_published_else_the_newest_version():
    both = {f"downloads/{f}/parquet/{t}.parquet" for f in ("latest", "1.1.0") for t in ("a", "b")}
    assert query.data_folder(both, "1.1.0", ["a", "b"]) == "latest"
    versioned = {p for p in both if "/latest/" not in p}
    assert query.data_folder(versioned, "1.1.0", ["a", "b"]) == "1.1.0"
    with pytest.raises(RuntimeError, match=r"downloads/1\.1\.0/parquet"):
        query.data_folder(versioned - {"downloads/1.1.0/parquet/b.parquet"}, "1.1.0", ["a", "b"])
    assert max((p.name for p in (ROOT / "releases").iterdir() if p.is_dir()), key=_semver) == VERSION


def _semver(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split("."))


# --- in headless Chromium, on the site as deployed ---


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run scripts/install-browser")
    tree = build_versioned(tmp_path_factory.mktemp("docs"), VERSION)
    handler = functools.partial(_Quiet, directory=str(tree))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tree, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as b:
        yield b


def _open(browser, base: str, width: int = 1366, accept_downloads: bool = False):
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=accept_downloads)
    page = context.new_page()
    page.errors, page.outside, page.urls = [], [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))

    def seen(request):
        page.urls.append(request.url)
        if not request.url.startswith((base, "data:", "blob:", "about:")):
            page.outside.append(request.url)

    page.on("request", seen)
    return context, page


def query_url(served, sql: str | None = None) -> str:
    from urllib.parse import quote

    url = f"{served[1]}/{VERSION}/query/"
    return url + (f"#sql={quote(sql, safe='')}" if sql is not None else "")


def wait_ready(page) -> dict:
    page.wait_for_function("window.pakruQuery && window.pakruQuery.timings.firstResult", timeout=90_000)
    return page.evaluate("window.pakruQuery.timings")


def run_in_page(page, sql: str) -> dict:
    page.evaluate("window.pakruQuery.last = null")
    page.locator(".pq-sql").fill(sql)
    page.locator(".pq-run").click()
    page.wait_for_function("window.pakruQuery.last !== null", timeout=30_000)
    return page.evaluate("window.pakruQuery.last")


@pytest.mark.browser
def test_cookbook_recipes_give_the_same_rows_as_pakru(browser, served):
    context, page = _open(browser, served[1])
    try:
        page.goto(query_url(served))
        timings = wait_ready(page)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "query-page-timings.json").write_text(json.dumps(timings, indent=2), encoding="utf-8")
        buttons = page.locator(".pq-example")
        titles = buttons.all_inner_texts()
        runnable, _ = query.runnable_recipes(ROOT, VERSION, RECIPES)
        assert titles == list(runnable)
        checked = 0
        for i, title in enumerate(titles):
            page.evaluate("window.pakruQuery.last = null")
            buttons.nth(i).click()
            page.wait_for_function("window.pakruQuery.last !== null", timeout=30_000)
            got = page.evaluate("window.pakruQuery.last")
            assert "error" not in got, (title, got.get("error"))
            columns, rows = python_rows(RECIPES[title])
            assert got["columns"] == columns, title
            assert same_rows(got["rows"], rows), title
            shown = page.locator(".pq-table tbody tr").count()
            assert shown == min(len(rows), 1000), title
            checked += 1
        assert checked >= 5
        assert page.errors == []
        assert page.outside == []
    finally:
        context.close()


@pytest.mark.browser
def test_nothing_outside_the_site_can_be_read(browser, served):
    context, page = _open(browser, served[1])
    try:
        page.goto(query_url(served))
        wait_ready(page)
        attempts = {
            "SELECT * FROM read_csv('https://example.com/x.csv')": "Permission Error",
            f"FROM read_parquet('{served[1]}/{VERSION}/downloads/{VERSION}/parquet/actors.parquet')": "",
            "SELECT * FROM read_csv('/etc/passwd')": "",
            "ATTACH 'https://example.com/x.duckdb' AS x": "",
            "LOAD httpfs": "",
            "SET enable_external_access = true": "locked",
            "COPY engagements TO 'out.csv'": "",
        }
        for sql, words in attempts.items():
            got = run_in_page(page, sql)
            assert "error" in got, sql
            message = page.locator(".pq-error").inner_text()
            assert page.locator(".pq-error").is_visible(), sql
            assert "DuckDB could not run this query" in message, sql
            assert words in message, (sql, message)
        assert "switched off" in page.locator(".pq-error").inner_text()
        assert page.outside == []
        # A failed query leaves the page usable.
        got = run_in_page(page, "SELECT count(*) AS n FROM engagements")
        assert got["rows"] == [[str(python_rows("SELECT count(*) FROM engagements")[1][0][0])]]
        assert page.locator(".pq-error").is_hidden()
        bad = run_in_page(page, "SELEC 1")
        assert "syntax error" in bad["error"].lower()
    finally:
        context.close()


@pytest.mark.browser
def test_the_address_keeps_the_query_and_csv_matches(browser, served, tmp_path):
    sql = "SELECT engagement_id, start_date, title FROM engagements_flat WHERE year < 1960 ORDER BY 1"
    context, page = _open(browser, served[1], accept_downloads=True)
    try:
        page.goto(query_url(served))
        wait_ready(page)
        run_in_page(page, sql)
        shared = page.url
        assert "#sql=" in shared
        other = context.new_page()
        other.goto(shared)
        wait_ready(other)
        assert other.locator(".pq-sql").input_value() == sql
        got = other.evaluate("window.pakruQuery.last")
        columns, rows = python_rows(sql)
        assert got["columns"] == columns and same_rows(got["rows"], rows)
        with other.expect_download() as info:
            other.locator(".pq-csv").click()
        path = tmp_path / "result.csv"
        info.value.save_as(path)
        with path.open(encoding="utf-8", newline="") as f:
            table = list(csv.reader(f))
        assert table[0] == columns
        assert [[c or None for c in r] for r in table[1:]] == got["rows"]
    finally:
        context.close()


@pytest.mark.browser
def test_works_at_390_px_and_only_the_query_page_loads_wasm(browser, served):
    context, page = _open(browser, served[1], width=390)
    try:
        page.goto(query_url(served, RECIPES["Every joint military exercise"]))
        wait_ready(page)
        assert page.locator(".pq-table tbody tr").count() > 0
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "query-390px.png"), full_page=True)
        assert any(u.endswith("/assets/query/duckdb-eh.wasm") for u in page.urls)
        for rel in ("", "cookbook/", "browse/engagements/"):
            page.urls.clear()
            page.goto(f"{served[1]}/{VERSION}/{rel}")
            page.wait_for_load_state("networkidle")
            assert not [u for u in page.urls if "/assets/query/" in u], rel
        assert page.errors == [] and page.outside == []
    finally:
        context.close()
    root = served[0] / VERSION
    loaders = sorted(
        p.parent.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if re.search(r"pakru-query\.js|duckdb\.mjs|\.wasm", p.read_text(encoding="utf-8"))
    )
    assert loaders == ["query"]


@pytest.mark.browser
def test_cookbook_links_open_each_recipe_on_the_query_page(browser, served):
    context, page = _open(browser, served[1])
    try:
        page.goto(f"{served[1]}/{VERSION}/cookbook/")
        links = page.locator(".pakru-try a")
        runnable, _ = query.runnable_recipes(ROOT, VERSION, RECIPES)
        assert links.count() == len(runnable)
        title = "Years with the most engagements"
        index = list(runnable).index(title)
        links.nth(index).click()
        wait_ready(page)
        assert page.locator(".pq-sql").input_value() == RECIPES[title]
        got = page.evaluate("window.pakruQuery.last")
        columns, rows = python_rows(RECIPES[title])
        assert got["columns"] == columns and same_rows(got["rows"], rows)
        assert page.outside == []
    finally:
        context.close()
