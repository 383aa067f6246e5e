"""The Performance page shows the recorded benchmark figures, generated from results.json."""

from __future__ import annotations

import json

from conftest import ROOT

from pakru_dataset.docsgen.reference import performance_markdown

RESULTS = ROOT / "benchmarks" / "results.json"


def test_the_page_shows_every_recorded_figure():
    data = json.loads(RESULTS.read_text(encoding="utf-8"))
    page = performance_markdown(RESULTS)
    shipped = data["shipped"]["results"]
    assert {r["command"] for r in shipped} >= {
        "pakru validate (cold: --no-cache)",
        "pakru validate (cached result)",
        "frictionless validate datapackage.json",
        "pakru --help",
    }
    for r in shipped:
        assert f"| `{r['command']}` | {r['median_seconds']:.3f} s |" in page
    for r in data["runs"]:
        row = f"| {r['rows_per_table']:,} | {r['total_rows']:,} | {r['engine']} | {r['seconds']:.1f} "
        assert row in page


def test_the_page_says_which_targets_are_met(tmp_path):
    data = json.loads(RESULTS.read_text(encoding="utf-8"))
    base = {"min_seconds": 0.1, "max_seconds": 0.5, "median_cpu_seconds": 0.1}
    data["shipped"]["results"] = [
        {**base, "command": "fast enough", "median_seconds": 0.25, "target_seconds": 0.3},
        {
            **base,
            "command": "fast, not enough faster",
            "median_seconds": 0.25,
            "target_seconds": 0.3,
            "times_faster_than_frictionless": 3.9,
            "target_times_faster": 5,
        },
        {**base, "command": "too slow", "median_seconds": 0.31, "target_seconds": 0.3},
        {**base, "command": "no target", "median_seconds": 1.0},
    ]
    results = tmp_path / "results.json"
    results.write_text(json.dumps(data), encoding="utf-8")
    rows = {
        line.split("|")[1].strip(" `"): line
        for line in performance_markdown(results).splitlines()
        if "|" in line
    }
    assert rows["fast enough"].rstrip(" |").endswith("yes")
    assert rows["fast, not enough faster"].rstrip(" |").endswith("**no**")
    assert "≤ 0.3 s, ≥ 5×" in rows["fast, not enough faster"]
    assert rows["too slow"].rstrip(" |").endswith("**no**")
    assert rows["no target"].endswith("|  |  |")
