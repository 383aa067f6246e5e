"""The docs site in a real browser (Playwright driving Debian's Chromium), as a reader uses it."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from conftest import ROOT
from docsite import build_versioned

import pakru_dataset

# One worker runs them all: they share one docs build and one browser.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run scripts/install-browser")
    tree = build_versioned(tmp_path_factory.mktemp("docs"), pakru_dataset.__version__)
    handler = functools.partial(_Quiet, directory=str(tree))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tree, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, served):
    _, base = served
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    pg.errors, pg.outside = [], []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on(
        "request",
        lambda r: (
            pg.outside.append(r.url) if not r.url.startswith((base, "data:", "blob:", "about:")) else None
        ),
    )
    yield pg
    context.close()


def version_url(served) -> str:
    return f"{served[1]}/{pakru_dataset.__version__}/"


def test_every_page_loads_cleanly(page, served):
    tree, _ = served
    root = tree / pakru_dataset.__version__
    pages = sorted(p.parent.relative_to(root).as_posix() for p in root.rglob("index.html"))
    assert len(pages) > 30
    for rel in pages:
        url = version_url(served) + ("" if rel == "." else rel + "/")
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        assert response.ok, url
        assert page.errors == [], (url, page.errors)
        assert page.outside == [], (url, page.outside)


def test_latest_alias_and_version_switcher(page, served):
    page.goto(f"{served[1]}/latest/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".md-version").count() >= 1
    assert pakru_dataset.__version__ in page.locator(".md-version").first.inner_text()


def test_search_finds_druzhba(page, served):
    page.goto(version_url(served))
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially("Druzhba", delay=40)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert results.count() > 0
    assert "druzhba" in page.locator(".md-search-result").inner_text().lower()


def test_filtering_narrows_rows(page, served):
    page.goto(version_url(served) + "browse/engagements/")
    page.wait_for_load_state("networkidle")
    rows = page.locator("table.pakru-table tbody tr")
    total = rows.count()
    assert total == len(pakru_dataset.load("engagements"))
    page.locator(".pakru-filter input").fill("Druzhba")
    visible = page.locator("table.pakru-table tbody tr:not([hidden])").count()
    assert 0 < visible < total
    assert f"{visible} of {total} rows" in page.locator(".pakru-count").inner_text()
    page.locator("table.pakru-table th", has_text="start_date").click()
    dates = page.locator("table.pakru-table tbody tr:not([hidden]) td.c-start_date").all_inner_texts()
    assert dates == sorted(dates)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".pakru-filter input").fill("")
    page.screenshot(path=str(ARTIFACTS / "browse-engagements.png"))


def test_home_page_screenshot(page, served):
    page.goto(version_url(served))
    page.wait_for_load_state("networkidle")
    assert "engagements" in page.locator("article").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)


def test_charts_render(page, served):
    page.goto(version_url(served) + "charts/")
    page.wait_for_load_state("networkidle")
    images = page.locator("article img")
    assert images.count() == 3
    for i in range(3):
        size = images.nth(i).evaluate("img => [img.naturalWidth, img.naturalHeight, img.complete]")
        assert size[0] > 100 and size[1] > 100 and size[2], size
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "charts.png"), full_page=True)


def test_download_links_resolve(page, served):
    page.goto(version_url(served) + "downloads/")
    page.wait_for_load_state("networkidle")
    links = page.locator("article a[href]").evaluate_all("els => els.map(e => e.href)")
    for href in links:
        if href.startswith(served[1]):
            response = page.request.get(href)
            assert response.ok, href
