"""The Pandera schemas are derived from the Table Schemas, not written by hand."""

from __future__ import annotations

import json

import pandas as pd
import pandera.errors
import pytest

from pakru_dataset.descriptor import read_package
from pakru_dataset.validate.pandera_schema import to_pandera


def one_row(table, **values) -> pd.DataFrame:
    row = {f.name: None for f in table.fields}
    row.update(values)
    return pd.DataFrame([row], dtype=object)


def failed_checks(schema, df) -> set[tuple[str, str]]:
    try:
        schema.validate(df, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return {
            (str(c), str(k))
            for c, k in zip(exc.failure_cases["column"], exc.failure_cases["check"], strict=True)
        }
    return set()


def test_every_field_becomes_a_column(package_copy):
    package = read_package(package_copy)
    for table in package.tables:
        schema = to_pandera(table)
        assert list(schema.columns) == table.field_names


def test_changing_an_enum_in_the_schema_changes_pandera(package_copy):
    path = package_copy / "schemas" / "engagements.json"
    before = to_pandera(read_package(package_copy).table("engagements"))
    df = one_row(read_package(package_copy).table("engagements"), engagement_type="phone_call")
    assert ("engagement_type", "enum") not in failed_checks(before, df)

    schema = json.loads(path.read_text())
    field = next(f for f in schema["fields"] if f["name"] == "engagement_type")
    field["constraints"]["enum"].remove("phone_call")
    path.write_text(json.dumps(schema))
    after = to_pandera(read_package(package_copy).table("engagements"))
    assert ("engagement_type", "enum") in failed_checks(after, df)


@pytest.mark.parametrize(
    "value,ok", [("2021-02-03", True), ("2021-2-3", False), ("2021-02-30", False), (" 2021-02-03", False)]
)
def test_dates_are_checked_strictly(package_copy, value, ok):
    table = read_package(package_copy).table("engagements")
    df = one_row(table, start_date=value)
    assert (("start_date", "type") not in failed_checks(to_pandera(table), df)) is ok


def test_required_fields_are_not_nullable(package_copy):
    table = read_package(package_copy).table("sources")
    schema = to_pandera(table)
    for f in table.fields:
        assert schema.columns[f.name].nullable is (not f.required)
