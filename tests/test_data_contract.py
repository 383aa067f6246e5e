"""The conventions of the data contract hold for the committed files."""

from __future__ import annotations

import csv
import json
import re

import pytest
from conftest import ROOT

from pakru_dataset.descriptor import load_package

PACKAGE = load_package(ROOT)
TABLES = [t.name for t in PACKAGE.tables]


def rows_of(name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_descriptor_declares_licences_and_v2_profile():
    d = json.loads((ROOT / "datapackage.json").read_text())
    assert d["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert d["licenses"][0]["name"] == "CC-BY-4.0"
    for res in d["resources"]:
        assert res["schema"] == f"schemas/{res['name']}.json"
        assert res["path"] == f"data/{res['name']}.csv"
        assert res.get("description")


@pytest.mark.parametrize("name", TABLES)
def test_every_field_and_enum_value_is_described(name):
    for field in PACKAGE.table(name).fields:
        assert field.description, f"{name}.{field.name} has no description"
        if field.enum:
            assert set(field.enum_descriptions) == set(field.enum), f"{name}.{field.name}"
            assert all(field.enum_descriptions.values())


@pytest.mark.parametrize("name", TABLES)
def test_schema_uses_no_v2_categories_or_unique_keys(name):
    schema = json.loads((ROOT / "schemas" / f"{name}.json").read_text())
    assert "uniqueKeys" not in schema
    assert all("categories" not in f for f in schema["fields"])


@pytest.mark.parametrize("name", TABLES)
def test_files_are_utf8_lf_without_bom(name):
    raw = (ROOT / "data" / f"{name}.csv").read_bytes()
    raw.decode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    assert raw.endswith(b"\n")


@pytest.mark.parametrize("name", TABLES)
def test_rows_are_sorted_by_primary_key(name):
    pk = PACKAGE.table(name).primary_key
    keys = [tuple(r[k] for k in pk) for r in rows_of(name)]
    assert keys == sorted(keys)


@pytest.mark.parametrize("name", TABLES)
def test_names_are_snake_case(name):
    assert re.fullmatch(r"[a-z][a-z0-9_]*", name)
    for f in PACKAGE.table(name).fields:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", f.name)


def test_month_and_year_precision_dates_are_first_of_period():
    for row in rows_of("engagements"):
        if row["date_precision"] == "year":
            assert row["start_date"].endswith("-01-01"), row["engagement_id"]
        if row["date_precision"] == "month":
            assert row["start_date"].endswith("-01"), row["engagement_id"]


def test_every_source_is_cited():
    cited = set()
    for table, fk in PACKAGE.children("sources"):
        cited |= {r[fk.fields[0]] for r in rows_of(table.name)}
    assert {r["source_id"] for r in rows_of("sources")} <= cited


def test_no_placeholder_rows():
    pattern = re.compile(r"\b(lorem|ipsum|placeholder|example\.com|TODO|TBD)\b", re.I)
    for name in TABLES:
        for row in rows_of(name):
            for value in row.values():
                assert not pattern.search(value), (name, value)


def test_seed_article_is_source_number_one_for_its_facts():
    seed = [r for r in rows_of("sources") if r["author"] == "Arif Qureshi"]
    # The seed article is source number one: one row, with the seed's own title.
    assert len(seed) == 1 and seed[0]["title"] == "Pakistan and Russia: Old foes New friends"
    cited = [r for r in rows_of("engagement_sources") if r["source_id"] == seed[0]["source_id"]]
    assert len(cited) >= 8
