"""`pakru sql -f csv` prints values as they are; the spreadsheet guard only with --excel-safe."""

from __future__ import annotations

import csv
import io
import json

from conftest import ROOT, run_pakru

QUERY = "SELECT '-5' AS minus, '=1+1' AS formula, '+7' AS plus, '@x' AS at, 'plain' AS text, -5 AS number"


def rows(result) -> list[list[str]]:
    assert result.returncode == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))


def test_csv_keeps_values_and_agrees_with_json():
    plain = rows(run_pakru("sql", "-p", str(ROOT), "-f", "csv", QUERY))
    assert plain[1] == ["-5", "=1+1", "+7", "@x", "plain", "-5"]
    as_json = json.loads(run_pakru("sql", "-p", str(ROOT), "-f", "json", QUERY).stdout)
    assert [str(v) for v in as_json[0].values()] == plain[1]


def test_excel_safe_guards_formula_text_only():
    guarded = rows(run_pakru("sql", "-p", str(ROOT), "-f", "csv", "--excel-safe", QUERY))
    assert guarded[1] == ["'-5", "'=1+1", "'+7", "'@x", "plain", "-5"]
