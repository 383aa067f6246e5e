"""Record pages: derived labels, links both ways, removed IDs kept at their address."""

from __future__ import annotations

import pytest
from conftest import ROOT

import pakru_dataset
from pakru_dataset.descriptor import load_package
from pakru_dataset.docsgen import records

SITE = records.Site(
    "https://example.org/pakru/", "https://example.org/issues", "9.9.9", "2030-01-02", "T", "A"
)


@pytest.fixture(scope="module")
def store():
    con = pakru_dataset.connect()
    yield records.Store(con, load_package(ROOT))
    con.close()


def test_labels_and_definitions_come_from_the_schema(store):
    page = records.record_markdown(store, SITE, "engagements", store.rows["engagements"][0])
    table = store.table("engagements")
    for field in table.fields:
        assert f">{field.label}</span>" in page, field.name
    kind = table.field("engagement_type")
    code = store.rows["engagements"][0]["engagement_type"]
    assert f'title="{code}: {kind.enum_descriptions[code]}"' in page


def test_links_go_both_ways(store):
    agreement = next(r for r in store.rows["agreements"] if r["engagement_id"])
    eng = store.by_id["engagements"][agreement["engagement_id"]]
    eng_page = records.record_markdown(store, SITE, "engagements", eng)
    agr_page = records.record_markdown(store, SITE, "agreements", agreement)
    assert f"records/agreements/{agreement['agreement_id']}/" in eng_page
    assert f"records/engagements/{eng['engagement_id']}/" in agr_page


def test_citation_names_the_version_and_correction_link_the_record(store):
    row = store.rows["roll_calls"][0]
    page = records.record_markdown(store, SITE, "roll_calls", row)
    assert "version 9.9.9" in page and "@misc{pakru_rc_0001," in page
    assert "https://example.org/pakru/records/roll_calls/rc-0001/" in page
    assert "https://example.org/issues/new?title=Correction%3A%20rc-0001" in page


def test_a_removed_id_keeps_a_page_that_says_so(tmp_path, store):
    snapshot = tmp_path / "releases" / "1.0.0" / "data"
    snapshot.mkdir(parents=True)
    current = (ROOT / "data" / "events.csv").read_text(encoding="utf-8")
    header = current.splitlines()[0]
    gone = "evt-9999,1990-01-01,day,statement,both,A record that was withdrawn,Summary.,,,,,,"
    (snapshot / "events.csv").write_text(f"{current}{gone}\n", encoding="utf-8")
    assert header.startswith("event_id,")
    register = tmp_path / records.RETIRED
    register.parent.mkdir()
    register.write_text(
        "retired_id,table,replaced_by,retired_on,reason\n"
        "evt-9999,events,evt-0001,2030-01-01,Duplicate of evt-0001.\n"
        "a-gone,actors,,2030-01-01,Never released.\n",
        encoding="utf-8",
    )
    removed = records.removed_ids(tmp_path, store)
    assert sorted(removed) == ["actors", "events"] and list(removed["events"]) == ["evt-9999"]
    pages = records.generate(store, tmp_path, SITE)
    page = pages["records/events/evt-9999.md"]
    assert "removed after version 1.0.0" in page and "never reused" in page
    assert "A record that was withdrawn" in page
    assert "It now lives at" in page and "records/events/evt-0001/" in page  # where it went
    assert "Never released." in pages["records/actors/a-gone.md"]
    assert len(pages) == sum(len(store.rows[k]) for k in records.KINDS) + 2
