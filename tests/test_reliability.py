"""Source reliability: the schema's levels, the rules that assign them, and the best-source view."""

from __future__ import annotations

import csv
import importlib.util

from conftest import ROOT

import pakru_dataset
from pakru_dataset.descriptor import load_package

PACKAGE = load_package(ROOT)
LEVELS = PACKAGE.table("sources").field("reliability").enum


def _script():
    path = ROOT / "scripts" / "assign_reliability.py"
    spec = importlib.util.spec_from_file_location("assign_reliability", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_view_ranks_levels_in_schema_order():
    con = pakru_dataset.connect()
    ranks = dict(con.execute("SELECT DISTINCT best_reliability, best_rank FROM fact_reliability").fetchall())
    assert ranks, "no fact row has a ranked source"
    for level, rank in ranks.items():
        assert LEVELS[rank - 1] == level


def test_view_has_one_row_per_fact_with_its_best_source():
    con = pakru_dataset.connect()
    facts = sum(len(pakru_dataset.load(t.name)) for t in PACKAGE.fact_tables())
    assert con.execute("SELECT count(*) FROM fact_reliability").fetchone()[0] == facts
    # The best level is the minimum rank among the row's sources, recomputed here in Python.
    sources = {r["source_id"]: r["reliability"] for r in pakru_dataset.load("sources").to_dict("records")}
    links = pakru_dataset.load("engagement_sources")
    eng = links["engagement_id"].iloc[0]
    expected = min((sources[s] for s in links[links["engagement_id"] == eng]["source_id"]), key=LEVELS.index)
    query = "SELECT best_reliability FROM fact_reliability WHERE record_id = ?"
    got = con.execute(query, [eng]).fetchone()[0]
    assert got == expected


def test_rules_cover_every_level_and_name_only_known_levels():
    module = _script()
    with module.HOSTS.open(encoding="utf-8", newline="") as fh:
        hosts = list(csv.DictReader(fh))
    assert {h["reliability"] for h in hosts} == set(LEVELS)
    assert set(module.FALLBACK.values()) <= set(LEVELS)
    assert set(module.FALLBACK) == set(PACKAGE.table("sources").field("source_type").enum)


def test_host_rule_takes_the_longest_match_and_override_wins():
    module = _script()
    hosts = {"mid.ru": "official_record", "example.mid.ru": "low_authority", "songs.org": "low_authority"}
    row = {"source_id": "src-9999", "url": "https://www.pakistan.mid.ru/x", "source_type": "news"}
    assert module.level_for(row, hosts, {})[0] == "official_record"
    assert module.level_for({**row, "url": "http://example.mid.ru/"}, hosts, {})[0] == "low_authority"
    assert module.level_for(row, hosts, {"src-9999": "reference"})[0] == "reference"
    assert module.level_for({**row, "url": "https://unlisted.example/"}, hosts, {})[0] == "other_news"


def test_release_databases_keep_only_the_views_they_had():
    from pakru_dataset.db.views import view

    assert not view("fact_reliability").in_release("1.1.0")
    assert view("fact_reliability").in_release("1.2.0")
    con = pakru_dataset.connect(version="1.1.0", root=ROOT)
    names = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert "fact_reliability" not in names and "timeline" in names
