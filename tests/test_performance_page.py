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
