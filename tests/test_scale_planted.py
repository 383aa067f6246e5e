"""Synthetic packages from the benchmark generator: both engines find exactly the planted
faults (the benchmark measures speed; this checks it measures a correct validator)."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import generate, plant

from pakru_dataset.validate import validate


def test_planted_faults_found_by_both_engines(tmp_path):
    root = generate(tmp_path / "syn", 2000)
    expected = set(plant(root, 2000))
    for engine in ("fast", "frictionless"):
        found = {(*f.key[:2], f.field, f.rule) for f in validate(root, engine=engine).merged()}
        assert found == expected, (engine, found ^ expected)


def test_clean_synthetic_package_is_valid(tmp_path):
    root = generate(tmp_path / "syn", 1000)
    assert validate(root).exit_code == 0
