"""Every query in the SQL cookbook runs, and gives the answer the data supports."""

from __future__ import annotations

import pytest
from conftest import ROOT

from pakru_dataset.api import database_path
from pakru_dataset.db.query import run_query
from pakru_dataset.docsgen.query import cookbook_recipes

COOKBOOK = (ROOT / "docs" / "cookbook.md").read_text(encoding="utf-8")
RECIPES = cookbook_recipes(COOKBOOK)
UNVOTES = "With the full General Assembly record loaded"


def answer(title: str):
    return run_query(database_path(), RECIPES[title])


def column(result, name: str) -> list:
    i = result.columns.index(name)
    return [r[i] for r in result.rows]


def test_cookbook_has_at_least_twelve_recipes():
    assert len(RECIPES) >= 12


@pytest.mark.parametrize("title", [t for t in RECIPES if t != UNVOTES])
def test_recipe_runs_and_returns_rows(title):
    assert answer(title).rows, title


def test_prime_minister_visits_include_the_known_ones():
    result = answer("Every Pakistani prime minister's visit to Russia or the Soviet Union")
    names_years = {
        (n, d.year)
        for n, d in zip(column(result, "prime_minister"), column(result, "start_date"), strict=True)
    }
    assert ("Nawaz Sharif", 1999) in names_years
    assert ("Imran Khan", 2022) in names_years
    assert all(
        c in ("Moscow", "Ufa", "Sochi", "Samarkand", "Astana") or c for c in column(result, "location_city")
    )


def test_leader_visits_to_pakistan():
    result = answer("Every visit to Pakistan by a Soviet or Russian head of state or government")
    names = set(column(result, "name"))
    assert {"Alexei Kosygin", "Mikhail Fradkov", "Mikhail Mishustin"} <= names
    assert not any("representative" in r.lower() for r in column(result, "role"))


def test_vetoes_include_the_1971_and_2012_drafts():
    result = answer("How Pakistan voted when the Soviet Union or Russia cast a veto")
    years = {d.year for d in column(result, "date")}
    assert {1957, 1962, 1971, 2012} <= years
    assert set(column(result, "pakistan_vote")) <= {
        "yes",
        "no",
        "abstain",
        "not_member",
        "absent",
        "not_voting",
    }


def test_crimea_and_ukraine_votes_show_pakistan_abstaining():
    result = answer("Pakistan's votes on Ukraine")
    votes = dict(zip(column(result, "symbol"), column(result, "pakistan_vote"), strict=True))
    assert votes.get("A/RES/68/262") == "abstain"
    assert "abstain" in set(votes.values())


def test_decade_shares_are_percentages():
    result = answer("How often they vote alike, decade by decade")
    assert all(p is None or 0 <= p <= 100 for p in column(result, "percent_same"))
    assert sum(column(result, "roll_calls_both_voted")) > 30


def test_exercises_include_druzhba():
    titles = " ".join(column(answer("Every joint military exercise"), "title"))
    assert "Druzhba" in titles or "Friendship" in titles


def test_pipeline_amendment_chain():
    result = answer("The chain of amendments behind an agreement")
    assert any("Pakistan Stream" in t or "pipeline" in t.lower() for t in column(result, "title"))


def test_top_year_is_recent():
    result = answer("Years with the most engagements")
    assert column(result, "year")[0] >= 2000


def test_unvotes_recipe_runs_on_a_build_with_unvotes(tmp_path):
    from unvotes_fixture import write_tidy_files

    from pakru_dataset.db.build import build

    files = write_tidy_files(tmp_path)
    result = build(tmp_path / "out", unvotes=files)
    rows = run_query(result.database, RECIPES[UNVOTES]).rows
    assert rows and all(0 <= (r[4] or 0) <= 1 for r in rows)
