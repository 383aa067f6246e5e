"""The docs cannot drift: built strictly, every table, field, view and command documented,
every cookbook query run against the data with its answer checked."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from docsite import build_strict

from pakru_dataset.db.views import all_views
from pakru_dataset.descriptor import load_package

PACKAGE = load_package(ROOT)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    result = build_strict(out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr[-3000:]
    return out


def text(path) -> str:
    return re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))


def test_every_table_and_field_has_a_dictionary_page(site):
    for table in PACKAGE.tables:
        page = text(site / "dictionary" / table.name / "index.html")
        for field in table.fields:
            assert field.name in page, (table.name, field.name)
            for value in field.enum or ():
                assert value in page, (table.name, field.name, value)


def test_browse_pages_hold_every_row_and_stay_out_of_search(site):
    import json

    import pakru_dataset
    from pakru_dataset.docsgen.browse import BROWSABLE

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not any(loc.startswith("browse/") for loc in locations)
    for name in BROWSABLE:
        data = json.loads((site / "browse" / f"{name}.json").read_text(encoding="utf-8"))
        assert len(data["rows"]) == len(pakru_dataset.load(name)), name
        assert (site / "browse" / name / "index.html").is_file()


def test_every_record_has_a_page_in_search_and_sitemap(site):
    import json

    import pakru_dataset
    from pakru_dataset.docsgen.records import KINDS

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for name in KINDS:
        key = PACKAGE.table(name).primary_key[0]
        for record_id in pakru_dataset.load(name)[key]:
            page = site / "records" / name / record_id / "index.html"
            assert page.is_file(), page
            assert f"records/{name}/{record_id}/" in locations
            assert f"/records/{name}/{record_id}/</loc>" in sitemap
    # one entry per record, not one per section of its page
    assert sum(loc.startswith("records/") for loc in locations) == sum(
        1 for doc in index["docs"] if doc["location"].startswith("records/")
    )


def test_plain_build_does_not_ask_for_versions_json(site):
    """Only a mike deployment writes versions.json; a plain build must not enable the selector."""
    import json

    html = (site / "index.html").read_text(encoding="utf-8")
    config = json.loads(
        re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    assert config.get("version") is None


def test_every_view_is_documented(site):
    page = text(site / "dictionary" / "views" / "index.html")
    for view in all_views():
        assert view.name in page and view.description[:40] in page


def test_every_cli_command_is_documented(site):
    import typer.main

    from pakru_dataset.cli import app

    page = text(site / "cli" / "index.html")
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert f"pakru {name}" in page
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--"):
                    assert opt in page, (name, opt)


def test_every_rule_is_documented(site):
    from pakru_dataset.validate.rules import RULE_DOCS

    page = text(site / "dictionary" / "rules" / "index.html")
    assert all(rule in page for rule in RULE_DOCS)


def test_pages_make_no_external_references(site):
    for html in site.rglob("*.html"):
        body = html.read_text(encoding="utf-8")
        for src in re.findall(r'(?:src|href)="(https?://[^"]+)"', body):
            # links to sources are fine; loading anything from elsewhere is not
            tag = body[max(0, body.find(src) - 200) : body.find(src)].split(">")[-1]
            if 'rel="canonical"' in tag:
                continue  # the page's own published address, not something loaded
            assert "<script" not in tag and "<link" not in tag, src
        assert "fonts.googleapis" not in body and "cdn.jsdelivr" not in body


def test_charts_come_with_data_and_a_narrow_drawing(site):
    from pakru_dataset.docsgen.charts import CHARTS

    charts = site / "assets" / "charts"
    for slug in CHARTS:
        for name in (f"{slug}.svg", f"{slug}-narrow.svg"):
            svg = (charts / name).read_text(encoding="utf-8")
            assert "<svg" in svg and svg.count("<path") > 5, name
            assert "#E69F00" in svg.upper() or "#0072B2" in svg.upper(), name  # Okabe–Ito colours
        rows = (charts / f"{slug}.csv").read_text(encoding="utf-8").splitlines()
        assert len(rows) > 3 and "," in rows[0], slug
    assert "not sampled" in (charts / "vote-agreement.svg").read_text(encoding="utf-8")
    assert (charts / "timeline.csv").read_text(encoding="utf-8").count("\n") > 10


def test_removed_ids_keep_a_page_that_says_where_they_went(site):
    from pakru_dataset.docsgen.records import KINDS, retired_ids

    for (table, record_id), entry in retired_ids(ROOT).items():
        if table not in KINDS:
            continue
        page = text(site / "records" / table / record_id / "index.html")
        assert "removed" in page and "never reused" in page, record_id
        if entry["replaced_by"]:
            assert "It now lives at" in page, record_id


def test_changelog_links_record_ids_to_their_pages(site):
    html = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r"<code>((?:eng|agr|rc|evt)-\d{4,})</code>", html))
    linked = set(re.findall(r'href="\.\./records/[a-z_]+/((?:eng|agr|rc|evt)-\d{4,})/"><code>', html))
    assert linked and linked == {i for i in ids if any((site / "records").glob(f"*/{i}/index.html"))}
