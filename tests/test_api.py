"""`pakru_dataset.load` and `connect` give typed data without surprises."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pyarrow as pa
import pytest
from corrupt import read, write

import pakru_dataset
import pakru_dataset.api


def test_load_types_follow_the_schema():
    df = pakru_dataset.load("engagements")
    assert df["start_date"].dtype == pd.ArrowDtype(pa.date32())
    assert isinstance(df["start_date"].iloc[0], dt.date)
    votes = pakru_dataset.load("roll_calls")
    assert votes["yes_count"].dtype == pd.ArrowDtype(pa.int64())
    assert pakru_dataset.load("country_votes")["is_inferred"].dtype == pd.ArrowDtype(pa.bool_())


def test_load_row_counts_match_the_csv():
    from conftest import ROOT

    for name in pakru_dataset.tables():
        _, rows = read(ROOT / "data" / f"{name}.csv")
        assert len(pakru_dataset.load(name)) == len(rows), name


def test_na_like_text_stays_text(package_copy):
    header, rows = read(package_copy / "data" / "engagements.csv")
    rows[0][header.index("location_city")] = "NA"
    rows[1][header.index("location_city")] = "None"
    write(package_copy / "data" / "engagements.csv", header, rows)
    df = pakru_dataset.api.load("engagements", root=package_copy)
    assert list(df["location_city"].iloc[:2]) == ["NA", "None"]


def test_load_works_for_views():
    df = pakru_dataset.load("roll_call_votes")
    assert {"pakistan_vote", "russia_vote", "same_vote"} <= set(df.columns)
    assert len(df) == len(pakru_dataset.load("roll_calls"))


def test_unknown_name_is_a_clear_error():
    with pytest.raises(KeyError, match="unknown table or view"):
        pakru_dataset.load("nope")


def test_connect_is_read_only():
    import duckdb

    con = pakru_dataset.connect()
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM engagements")
    assert con.execute("SELECT count(*) FROM engagements").fetchone()[0] > 0


def test_version_attribute_is_datapackage_version():
    from conftest import ROOT

    assert pakru_dataset.__version__ == json.loads((ROOT / "datapackage.json").read_text())["version"]
