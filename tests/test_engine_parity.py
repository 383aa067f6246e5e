"""Both engines report the same findings (file, row, column, rule) on the same files."""

from __future__ import annotations

import pytest
from corrupt import CORRUPTIONS

from pakru_dataset.validate import validate


def keys(report) -> set[tuple]:
    return {f.key for f in report.merged()}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_engines_agree_on_corruption(name, package_copy):
    CORRUPTIONS[name](package_copy)
    fast = validate(package_copy, engine="fast")
    reference = validate(package_copy, engine="frictionless")
    assert fast.exit_code == reference.exit_code == 1
    assert keys(fast) == keys(reference)


def test_engines_agree_on_real_data():
    fast = validate(engine="fast")
    reference = validate(engine="frictionless")
    assert keys(fast) == keys(reference) == set()


def test_engines_agree_on_many_faults_at_once(package_copy):
    for name in (
        "bad calendar date",
        "unknown enum value",
        "dangling foreign key",
        "missing required value",
        "formula injection",
        "uncited row",
        "duplicate id",
    ):
        CORRUPTIONS[name](package_copy)
    fast = validate(package_copy, engine="fast")
    reference = validate(package_copy, engine="frictionless")
    assert len(keys(fast)) >= 7
    assert keys(fast) == keys(reference)
