"""The docs site in a real browser (Playwright driving Debian's Chromium), as a reader uses it,
at a desktop (1366×900) and a phone (390×844) size. One mike-deployed build, one server and
one browser serve the whole module. Screenshots of each kind of page go to test-artifacts/."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT
from docsite import CHROMIUM, Served, build_versioned, launched_chromium

import pakru_dataset

# One worker runs them all: they share one docs build and one browser.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
VERSION = pakru_dataset.__version__
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
MAX_PAGE_BYTES = 300 * 1024
# One page of each kind; the accessibility and transfer checks run on all of them.
RECORDS = {
    "engagement": "records/engagements/eng-0109/",
    "agreement": "records/agreements/agr-0002/",
    "roll-call": "records/roll_calls/rc-0071/",
    "event": "records/events/evt-0001/",
    "actor": "records/actors/sergey-lavrov/",
}
KINDS_OF_PAGE = {
    "home": "",
    "browse-engagements": "browse/engagements/",
    "browse-sources": "browse/sources/",
    "browse-roll-calls": "browse/roll_calls/",
    "charts": "charts/",
    "dictionary": "dictionary/engagements/",
    "downloads": "downloads/",
    "methodology": "methodology/",
    "cookbook": "cookbook/",
    **RECORDS,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run scripts/install-browser")
    tree = build_versioned(tmp_path_factory.mktemp("docs"), VERSION)
    served = Served(tree)
    yield served
    served.close()


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as b:
        yield b


class Reader:
    """A browser context at one viewport that records console errors and off-host requests."""

    def __init__(self, browser, site: Served, size: str) -> None:
        self.size = size
        self.site = site
        self.context = browser.new_context(**VIEWPORTS[size], accept_downloads=True)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._request)

    def _request(self, request) -> None:
        if not request.url.startswith((self.site.url, "data:", "blob:", "about:")):
            self.outside.append(request.url)

    def url(self, rel: str) -> str:
        return f"{self.site.url}/{VERSION}/{rel}"

    def open(self, rel: str, idle: bool = True):
        response = self.page.goto(self.url(rel))
        self.page.wait_for_load_state("networkidle" if idle else "load")
        assert response is not None and response.ok, rel
        return self.page

    def shot(self, name: str, full_page: bool = False) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{self.size}__{name}.png"), full_page=full_page)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def reader(request, browser, site):
    r = Reader(browser, site, request.param)
    yield r
    r.close()


@pytest.fixture
def desktop(browser, site):
    r = Reader(browser, site, "desktop")
    yield r
    r.close()


@pytest.fixture
def phone(browser, site):
    r = Reader(browser, site, "phone")
    yield r
    r.close()


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run scripts/install-axe")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def test_every_generated_page_loads_cleanly(desktop, site):
    """Every page in the nav and one record of each kind: status 200, no console error, nothing
    off-host."""
    root = site.root / VERSION
    pages = sorted(
        p.parent.relative_to(root).as_posix()
        for p in root.rglob("index.html")
        if not p.parent.relative_to(root).as_posix().startswith("records/")
    )
    assert len(pages) > 30
    checked = set(KINDS_OF_PAGE.values())  # axe runs on those at both sizes in the next test
    violations = []
    for rel in [*pages, *RECORDS.values()]:
        rel = "" if rel == "." else rel + ("" if rel.endswith("/") else "/")
        desktop.open(rel, idle=False)
        assert desktop.errors == [], (rel, desktop.errors)
        if rel not in checked:
            violations += [(rel, v) for v in serious_violations(desktop.page)]
    assert desktop.outside == []
    assert violations == []


def test_kinds_of_page_are_small_accessible_and_clean(reader, browser, site):
    """Each kind of page at both sizes: under 300 KB transferred (gzip, as a host serves it),
    no serious or critical axe-core violation, no console error, nothing off-host."""
    sizes, problems = {}, []
    for name, rel in KINDS_OF_PAGE.items():
        fresh = Reader(browser, site, reader.size)  # an empty cache, as a first visit
        site.reset()
        fresh.open(rel)
        sizes[name] = site.sent
        problems += [(name, v) for v in serious_violations(fresh.page)]
        problems += [(name, e) for e in fresh.errors + fresh.outside]
        fresh.shot(f"kind-{name}")
        fresh.close()
    assert problems == [], (reader.size, problems)
    largest = max(sizes, key=sizes.get)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{reader.size}__transfer-bytes.json").write_text(json.dumps(sizes, indent=1))
    assert sizes[largest] <= MAX_PAGE_BYTES, (largest, sizes[largest])


def test_latest_alias_and_version_switcher(desktop):
    desktop.page.goto(f"{desktop.site.url}/latest/")
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.page.locator(".md-version").count() >= 1
    assert VERSION in desktop.page.locator(".md-version").first.inner_text()
    assert desktop.errors == []


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Druzhba", "records/engagements/eng-0098/"),
        ("Lavrov", "records/actors/sergey-lavrov/"),
        ("Tashkent", "records/engagements/"),
        ("ES-11/1", "records/roll_calls/rc-0071/"),
        ("veto", "records/roll_calls/"),
    ],
)
def test_search_lands_on_records(reader, term, expected):
    page = reader.open("")
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially(term, delay=20)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    hrefs: list[str] = []
    for _ in range(40):  # results update as the worker catches up with the typing
        hrefs = results.evaluate_all("els => els.slice(0, 8).map(e => e.href)")
        if any(expected in h for h in hrefs):
            break
        page.wait_for_timeout(250)
    assert all("/browse/" not in h for h in hrefs), hrefs  # tables are not indexed as text
    assert any(expected in h for h in hrefs), (term, hrefs)
    assert "/records/" in hrefs[0], (term, hrefs[0])
    if term == "Druzhba":
        reader.shot("search-results")
    results.first.click()
    page.wait_for_load_state("networkidle")
    assert "/records/" in page.url
    words = {"veto": "veto", "ES-11/1": "ES-11/1"}.get(term, term)
    assert words.lower() in page.locator("article").inner_text().lower()


def test_browse_engagements(reader, site):
    page = reader.open("")
    if reader.size == "desktop":
        page.locator(".md-tabs__link", has_text="Browse the data").click()
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/browse/engagements/"), page.url
    page = reader.open("browse/engagements/")
    rows = page.locator("table.pakru-table tbody tr")
    total = len(pakru_dataset.load("engagements"))
    assert 0 < rows.count() <= 50
    assert page.locator(".pakru-count").inner_text() == f"{total} of {total} rows"
    headers = page.locator("table.pakru-table thead th").all_inner_texts()
    assert [h.strip() for h in headers[:4]] == ["Start date", "Title", "Level", "Engagement type"], headers
    assert page.locator("thead th button").count() == len(headers)
    assert page.locator("thead th[aria-sort]").count() == len(headers)
    # labels, not codes; the code is on hover
    level = page.locator("td.c-level .pakru-code").first
    assert "_" not in level.inner_text() and level.get_attribute("title")
    # facet and text filter go into the address, and the address restores them
    if reader.size == "phone":  # the column filters fold away on small screens
        page.locator(".pakru-facets summary").click()
    page.locator("select[data-facet=level]").select_option("head_of_state")
    page.locator(".pakru-filter input").fill("Moscow")
    address = page.evaluate("location.href")  # page.url lags behind history.replaceState
    assert "level=head_of_state" in address and "filter=Moscow" in address
    shown = int(page.locator(".pakru-count").inner_text().split()[0])
    assert 0 < shown < total
    reader.page.goto(address)
    reader.page.wait_for_load_state("networkidle")
    assert page.locator(".pakru-count").inner_text().startswith(f"{shown} of")
    assert page.locator("select[data-facet=level]").input_value() == "head_of_state"
    # sorting: header buttons on a desktop, the sort menu on a phone (the header row is hidden)
    if reader.size == "desktop":
        page.locator("thead th.c-start_date button").click()
    else:
        page.locator(".pakru-facets summary").click()
        page.locator("select.pakru-sort").select_option("start_date")
    assert page.locator("thead th.c-start_date").get_attribute("aria-sort") == "ascending"
    dates = page.locator("tbody td.c-start_date").all_inner_texts()
    assert dates == sorted(dates)
    # download these rows
    with page.expect_download() as info:
        page.locator(".pakru-csv").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "engagement_id" and table[0][-1] == "record_url"
    assert len(table) - 1 == shown
    # every row links to its record page
    link = page.locator("tbody td.c-title a").first
    href = link.get_attribute("href")
    assert re.search(r"/records/engagements/eng-\d{4}/$", href), href
    assert page.request.get(href).ok
    # the filter stays in view while the table scrolls
    page.locator(".pakru-filter input").fill("")
    page.locator("button.pakru-reset").click()
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(300)
    box = page.locator(".pakru-filter").bounding_box()
    assert box is not None and 0 <= box["y"] < 200, box
    page.evaluate("window.scrollTo(0, 0)")
    if reader.size == "phone":
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, getComputedStyle(document.querySelector"
            "('table.pakru-table tbody tr')).display]"
        )
        assert widths[0] <= 390 and widths[1] == "block", widths
    reader.shot("browse-engagements")


def test_browse_roll_calls_show_both_votes_first(reader):
    page = reader.open("browse/roll_calls/")
    headers = [h.strip() for h in page.locator("table.pakru-table thead th").all_inner_texts()]
    assert headers[:4] == ["Date", "Title", "Pakistan", "USSR/Russia"], headers
    assert page.locator("select[data-facet=pakistan_vote]").count() == 1
    next_button = page.locator(".pakru-pager button", has_text="Next")
    next_button.click()
    assert "page=2" in page.evaluate("location.href")


def test_home_page_above_the_fold(reader):
    page = reader.open("")
    height = VIEWPORTS[reader.size]["viewport"]["height"]
    text = page.locator("article").inner_text()
    assert re.search(r"Data through \d", text), text[:500]
    assert f"version {VERSION}" in text
    for selector in (".pakru-actions .md-button--primary", ".pakru-actions a:has-text('SQL')"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, (selector, box)
    download = page.locator(".pakru-actions .md-button--primary").get_attribute("href")
    assert download.endswith(".zip") and page.request.get(reader.url(download)).ok
    sql = page.locator(".pakru-actions a:has-text('SQL')").get_attribute("href")
    assert page.request.get(reader.url(sql)).ok
    assert page.locator(".pakru-numbers li").count() >= 4
    assert page.locator("article img.pakru-chart").count() >= 1
    reader.shot("home")
    reader.shot("home-full", full_page=True)


def _min_font_px(page, img) -> float:
    """The smallest text in an SVG chart as drawn: font size in SVG units × displayed/own width."""
    src, shown = img.evaluate("i => [i.currentSrc, i.getBoundingClientRect().width]")
    svg = page.request.get(src).text()
    width = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+)', svg).group(1))
    sizes = [float(s) for s in re.findall(r"font[^;\"]*?([\d.]+)px", svg)]
    assert sizes, src
    return min(sizes) * shown / width


def test_charts_inform(reader):
    page = reader.open("charts/")
    images = page.locator("article img.pakru-chart")
    assert images.count() == 3
    for i in range(3):
        img = images.nth(i)
        img.scroll_into_view_if_needed()
        img.evaluate("i => i.decode()")
        natural = img.evaluate("i => [i.naturalWidth, i.complete, i.currentSrc]")
        assert natural[0] > 100 and natural[1], natural
        assert natural[2].endswith("-narrow.svg") == (reader.size == "phone"), natural
        assert _min_font_px(page, img) >= 11, natural[2]
    captions = page.locator("figure.pakru-figure figcaption")
    assert captions.count() == 3
    for i in range(3):
        caption = captions.nth(i)
        assert len(caption.inner_text()) > 60
        href = caption.locator("a", has_text="CSV").get_attribute("href")
        data = page.request.get(reader.url("charts/" + href)).text()
        assert data.count("\n") > 3
    vote = page.request.get(reader.url("charts/../assets/charts/vote-agreement.svg")).text()
    assert "not sampled" in vote and "/" in vote  # the caveat and "same/both" counts are in the chart
    timeline = page.locator(".pakru-timeline li a")
    assert timeline.count() > 10
    assert page.request.get(timeline.first.evaluate("a => a.href")).ok
    reader.shot("charts", full_page=reader.size == "desktop")


def test_record_pages_link_both_ways(reader):
    page = reader.open(RECORDS["engagement"])
    article = page.locator("article")
    text = article.inner_text()
    assert "Engagement type" in text and "Official visit" in text and "official_visit" not in text
    assert "Sergey Lavrov" in text  # participants with roles
    links = page.locator("ol.pakru-sources li > a")
    assert links.count() >= 1 and links.first.get_attribute("href").startswith("http")
    listed = page.locator("ol.pakru-sources").inner_text()
    assert "Source type" in listed
    if "reliability" in pakru_dataset.load("sources").columns:  # the column is new in 1.2
        assert "Reliability" in listed
    cite = page.locator(".pakru-cite").inner_text()
    assert f"version {VERSION}" in cite and "@misc{" in cite and "eng-0109" in cite
    correction = page.locator(".pakru-correction a", has_text="Report a correction").get_attribute("href")
    assert "/issues/new?" in correction and "eng-0109" in correction
    reader.shot("record-engagement", full_page=reader.size == "phone")
    # engagement -> agreement signed there -> back to the engagement
    con = pakru_dataset.connect()
    eng, agr = con.execute(
        "SELECT engagement_id, agreement_id FROM agreements WHERE engagement_id IS NOT NULL "
        "ORDER BY 1 LIMIT 1"
    ).fetchone()
    page = reader.open(f"records/engagements/{eng}/")
    page.locator(f"article a[href$='/records/agreements/{agr}/']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/records/agreements/{agr}/")
    assert page.locator(f"article a[href$='/records/engagements/{eng}/']").count() >= 1
    # roll call shows both votes; actor lists what they appear in
    page = reader.open(RECORDS["roll-call"])
    votes = page.locator("table.pakru-links").first.inner_text()
    assert "Pakistan" in votes and ("Russia" in votes or "Soviet" in votes)
    page = reader.open(RECORDS["actor"])
    assert page.locator("article a[href*='/records/engagements/']").count() >= 10
    assert reader.errors == []
