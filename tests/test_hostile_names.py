"""Names are data: hostile table, field and enum names never run as SQL or reach outside files.

Each case renames one thing in a copy of the package (committed in a throwaway git repo
with the real releases beside it) to a name built to break out of SQL quoting, then runs
every command that reads names. A command may succeed or refuse with a located message,
but never crash, write the canary file, or show the secret outside the package.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_pakru
from releasekit import commit, make_repo

SECRET = "TOPSECRET-canary-7731"


def _payloads(outside: Path) -> dict[str, str]:
    pwned, secret = outside / "PWNED.csv", outside / "secret.txt"
    return {
        # The attack from the findings: close the quote, run two statements, comment out the rest.
        "resource": (
            f"x' AS message FROM \"typed_events\" t WHERE false; COPY (SELECT 'pwned' AS p) TO '{pwned}'; "
            f"SELECT 'events', 1, 'leak', content[1:40], 'leaked' FROM read_text('{secret}') --_sources"
        ),
        "field": f"n\"; COPY (SELECT 1) TO '{pwned}'; /* c */ SELECT \"x -- Ünï 名前 \u202e",
        "enum": f"o'; COPY (SELECT 1) TO '{pwned}'; --",
    }


def _rewrite_csv(path: Path, edit) -> None:
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _rename(repo: Path, what: str, name: str) -> None:
    descriptor = json.loads((repo / "datapackage.json").read_text())
    if what == "resource":
        for r in descriptor["resources"]:
            if r["name"] == "event_sources":
                r["name"] = name
        (repo / "datapackage.json").write_text(json.dumps(descriptor, indent=2))
        return
    schema_path = repo / "schemas" / "actors.json"
    schema = json.loads(schema_path.read_text())
    if what == "field":
        next(f for f in schema["fields"] if f["name"] == "notes")["name"] = name

        def edit(rows):
            rows[0][rows[0].index("notes")] = name
    else:
        field = next(f for f in schema["fields"] if f["name"] == "actor_type")
        field["constraints"]["enum"] = [name if v == "other" else v for v in field["constraints"]["enum"]]
        field.get("enumDescriptions", {})[name] = field.get("enumDescriptions", {}).pop("other", "x")

        def edit(rows):
            col = rows[0].index("actor_type")
            for row in rows[1:]:
                if row[col] == "other":
                    row[col] = name

    schema_path.write_text(json.dumps(schema, indent=2))
    _rewrite_csv(repo / "data" / "actors.csv", edit)


@pytest.mark.parametrize("what", ["resource", "field", "enum"])
def test_hostile_names_are_data(what, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n")
    repo = make_repo(tmp_path / "repo")
    shutil.copytree(ROOT / "releases", repo / "releases")
    commit(repo, "releases")
    _rename(repo, what, _payloads(outside)[what])
    commit(repo, "hostile name")

    runs = {
        "validate": run_pakru("validate", "-p", str(repo), "-f", "json"),
        "validate-frictionless": run_pakru("validate", "-p", str(repo), "--engine", "frictionless"),
        "build": run_pakru("build", "-p", str(repo), "--out", str(tmp_path / "build")),
        "sql": run_pakru("sql", "-p", str(repo), "SELECT count(*) FROM actors"),
        "stats": run_pakru("stats", "-p", str(repo)),
        "diff": run_pakru("diff", "-p", str(repo)),
        "release": run_pakru("release", "9.0.0", "--dry-run", "-p", str(repo)),
    }
    for command, result in runs.items():
        text = result.stdout + result.stderr
        assert result.returncode in (0, 1, 2), (command, text[-800:])
        assert "Traceback" not in text and "pakru: error:" not in text, (command, text[-800:])
        assert SECRET not in text, command
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"], "a file was written outside"
    if what == "resource":
        # Resource names follow the Data Package standard: every command refuses, located.
        for command, result in runs.items():
            if command == "release":  # refused: "the data does not validate"
                assert result.returncode == 1
                continue
            assert result.returncode == 2, command
            assert "resource name" in result.stdout + result.stderr, command
        return

    from pakru_dataset.descriptor import read_package
    from pakru_dataset.docsgen import dictionary, home, records, site

    package = read_package(repo)
    for table in package.tables:
        assert dictionary.to_markdown(table, package)
    if runs["build"].returncode == 0:
        import pakru_dataset

        con = pakru_dataset.connect(root=repo)
        try:
            assert "actors" in site.coverage_markdown(con, package)
            store = records.Store(con, package)
            assert store.rows["actors"]
            assert home.data_through(con, store)
        finally:
            con.close()


def test_control_characters_in_names_are_refused_with_a_location(package_copy):
    descriptor = json.loads((package_copy / "datapackage.json").read_text())
    descriptor["resources"][0]["name"] = "bad\nname; DROP TABLE x"
    (package_copy / "datapackage.json").write_text(json.dumps(descriptor))
    result = run_pakru("validate", "-p", str(package_copy))
    assert result.returncode == 2
    assert "resources[0]" in result.stdout and "control characters" in result.stdout
