"""`pakru diff` and `pakru release`: refusals, SemVer, immutability, reproducibility, atomicity."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_pakru
from corrupt import read, set_cell, write
from releasekit import commit, git, private_clone, released_repo

from pakru_dataset.release.artifacts import build_artifacts


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A repository with release 0.1.0 cut by the CLI."""
    return released_repo(tmp_path_factory.mktemp("rel"))


@pytest.fixture
def repo(released, tmp_path):
    """A private clone of the released repository."""
    return private_clone(released, tmp_path / "clone")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def release(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return run_pakru("release", *args, "--package", str(repo), "--date", "2026-11-29")


# ---- the first release ----------------------------------------------------------------------


def test_first_release_writes_snapshot_artifacts_and_versions(released):
    snap = released / "releases" / "0.1.0"
    for name in (
        "datapackage.json",
        "SHA256SUMS",
        "manifest.json",
        "row_history.csv",
        "data/engagements.csv",
        "schemas/engagements.json",
        "LICENSE-DATA",
        "CITATION.cff",
    ):
        assert (snap / name).is_file(), name
    descriptor = json.loads((snap / "datapackage.json").read_text())
    assert descriptor["version"] == "0.1.0"
    for res in descriptor["resources"]:
        assert (
            res["hash"] == "sha256:" + sha(snap / res["path"])
            and res["bytes"] == (snap / res["path"]).stat().st_size
        )
    dist = released / "dist" / "0.1.0"
    for name in (
        "pakru.duckdb",
        "pakru-dataset-0.1.0.zip",
        "flat/engagements_flat.csv",
        "parquet/engagements.parquet",
        "SHA256SUMS",
    ):
        assert (dist / name).is_file(), name
    manifest = json.loads((snap / "manifest.json").read_text())
    assert {f["path"] for f in manifest["files"]} >= {"pakru.duckdb", "pakru-dataset-0.1.0.zip"}
    assert all(sha(dist / f["path"]) == f["sha256"] for f in manifest["files"])
    assert "## 0.1.0 — 2026-11-28" in (released / "CHANGELOG.md").read_text()
    assert "version: 0.1.0" in (released / "CITATION.cff").read_text()
    assert "v0.1.0" in git(released, "tag")
    assert git(released, "status", "--porcelain").strip() == ""


def test_diff_after_release_is_empty(released):
    result = run_pakru("diff", "0.1.0", "--package", str(released), "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["tables"] == [] and data["schema"] == [] and data["required_bump"] is None


def test_flat_csvs_carry_row_history(released):
    header, rows = read(released / "dist" / "0.1.0" / "flat" / "engagements_flat.csv")
    assert header[-2:] == ["first_released_in", "last_changed_in"]
    assert {r[-2] for r in rows} == {"0.1.0"}


def test_load_reads_a_past_release(released):
    import pakru_dataset.api

    past = pakru_dataset.api.load("engagements", version="0.1.0", root=released)
    assert len(past) == len(read(released / "data" / "engagements.csv")[1])
    with pytest.raises(LookupError, match=r"released versions: 0\.1\.0"):
        pakru_dataset.api.load("engagements", version="9.9.9", root=released)


# ---- refusals ------------------------------------------------------------------------------------


def test_refuses_dirty_tree(repo):
    set_cell(repo, "engagements", 0, "title", "Edited but not committed")
    result = release(repo, "0.1.1")
    assert result.returncode == 1 and "uncommitted" in result.stderr
    assert not (repo / "releases" / "0.1.1").exists()


def test_refuses_invalid_data(repo):
    set_cell(repo, "engagements", 0, "start_date", "2015-02-30")
    commit(repo)
    result = release(repo, "0.1.1")
    assert result.returncode == 1 and "does not validate" in result.stderr


def test_refuses_existing_version(repo):
    set_cell(repo, "engagements", 0, "title", "A corrected title")
    commit(repo)
    result = release(repo, "0.1.0")
    assert result.returncode == 1 and "immutable" in result.stderr


def test_refuses_when_nothing_changed(repo):
    result = release(repo, "0.1.1")
    assert result.returncode == 1 and "nothing changed" in result.stderr


def add_engagement(repo: Path) -> None:
    header, rows = read(repo / "data" / "engagements.csv")
    new = list(rows[0])
    new[0] = "eng-9999"
    write(repo / "data" / "engagements.csv", header, [*rows, new])
    lh, links = read(repo / "data" / "engagement_sources.csv")
    write(repo / "data" / "engagement_sources.csv", lh, [*links, ["eng-9999", links[0][1], ""]])


def drop_field(repo: Path, table: str, field: str) -> None:
    header, rows = read(repo / "data" / f"{table}.csv")
    i = header.index(field)
    write(repo / "data" / f"{table}.csv", header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in rows])
    path = repo / "schemas" / f"{table}.json"
    schema = json.loads(path.read_text())
    schema["fields"] = [f for f in schema["fields"] if f["name"] != field]
    path.write_text(json.dumps(schema, indent=2))


def add_field(repo: Path, table: str) -> None:
    header, rows = read(repo / "data" / f"{table}.csv")
    write(repo / "data" / f"{table}.csv", [*header, "wikipedia_url"], [[*r, ""] for r in rows])
    path = repo / "schemas" / f"{table}.json"
    schema = json.loads(path.read_text())
    schema["fields"].append({"name": "wikipedia_url", "type": "string", "description": "A Wikipedia page."})
    path.write_text(json.dumps(schema, indent=2))


def remove_enum_value(repo: Path) -> None:
    """Remove an allowed value that no row uses (the data stays valid)."""
    for path in sorted((repo / "schemas").glob("*.json")):
        schema = json.loads(path.read_text())
        header, rows = read(repo / "data" / f"{path.stem}.csv")
        for field in schema["fields"]:
            enum = field.get("constraints", {}).get("enum")
            if not enum:
                continue
            used = {r[header.index(field["name"])] for r in rows}
            unused = [v for v in enum if v not in used]
            if unused:
                enum.remove(unused[0])
                field["enumDescriptions"].pop(unused[0])
                path.write_text(json.dumps(schema, indent=2))
                return
    raise AssertionError("every allowed value is in use")


CHANGES = {
    # change: (edit, refused version, accepted version, auto version)
    "value corrected": (
        lambda r: set_cell(r, "engagements", 0, "title", "A corrected title"),
        None,
        "0.1.1",
        "0.1.1",
    ),
    "row added": (add_engagement, "0.1.1", "0.2.0", "0.2.0"),
    "field added": (lambda r: add_field(r, "actors"), "0.1.1", "0.2.0", "0.2.0"),
    "field removed": (lambda r: drop_field(r, "actors", "wikidata_id"), "0.2.0", "1.0.0", "1.0.0"),
    "enum value removed": (remove_enum_value, "0.2.0", "1.0.0", "1.0.0"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_smallest_allowed_bump(repo, change):
    edit, refused, accepted, auto = CHANGES[change]
    edit(repo)
    commit(repo)
    if refused:
        result = release(repo, refused)
        assert result.returncode == 1 and "need at least" in result.stderr, result.stderr
    dry = release(repo, "--bump", "auto", "--dry-run")
    assert dry.returncode == 0 and f"would release {auto}" in dry.stdout, dry.stderr
    result = release(repo, accepted)
    assert result.returncode == 0, result.stderr
    assert (repo / "releases" / accepted / "SHA256SUMS").is_file()


def test_row_history_follows_changes(repo):
    set_cell(repo, "engagements", 0, "title", "A corrected title")
    add_engagement(repo)
    commit(repo)
    assert release(repo, "0.2.0").returncode == 0
    history = {(r[0], r[1]): (r[2], r[3]) for r in read(repo / "releases" / "0.2.0" / "row_history.csv")[1]}
    first = read(repo / "data" / "engagements.csv")[1][0][0]
    assert history[("engagements", first)] == ("0.1.0", "0.2.0")
    assert history[("engagements", "eng-9999")] == ("0.2.0", "0.2.0")
    log = (repo / "CHANGELOG.md").read_text()
    assert f"Changed `{first}`: title" in log and "`eng-9999`" in log
    assert log.index("## 0.2.0") < log.index("## 0.1.0")


# ---- immutability, reproducibility, atomicity -------------------------------------------------------


def test_editing_a_released_file_fails_validation(repo):
    path = repo / "releases" / "0.1.0" / "data" / "actors.csv"
    path.write_text(path.read_text().replace("Putin", "Poutine", 1))
    result = run_pakru("validate", "--package", str(repo), "--format", "json")
    assert result.returncode == 1
    found = json.loads(result.stdout)["findings"]
    assert any(
        f["rule"] == "release-modified"
        and f["file"] == "releases/0.1.0/data/actors.csv"
        and "cut a new version" in f["message"]
        for f in found
    )


def test_artifacts_rebuild_byte_identical(released, tmp_path):
    snap = released / "releases" / "0.1.0"
    a = build_artifacts(snap, tmp_path / "a")
    b = build_artifacts(snap, tmp_path / "b")
    rel = lambda paths, base: {p.relative_to(base).as_posix(): sha(p) for p in paths}  # noqa: E731
    first, second = rel(a, tmp_path / "a"), rel(b, tmp_path / "b")
    assert first == second
    manifest = json.loads((snap / "manifest.json").read_text())
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == first


@pytest.mark.parametrize("point", ["release-artifacts", "release-files"])
def test_killed_release_leaves_nothing(repo, point):
    set_cell(repo, "engagements", 0, "title", "A corrected title")
    commit(repo)
    before = {
        name: (repo / name).read_bytes() for name in ("datapackage.json", "CITATION.cff", "CHANGELOG.md")
    }
    env = {**os.environ, "PAKRU_PAUSE_AT": point}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pakru_dataset.cli", "release", "0.1.1", "--package", str(repo)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert f"paused at {point}" in proc.stderr.readline()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert not (repo / "releases" / "0.1.1").exists() and not (repo / "dist" / "0.1.1").exists()
    # The next run undoes whatever the killed one changed, then releases cleanly.
    result = release(repo, "0.1.1")
    assert result.returncode == 0, result.stderr
    assert not list(repo.glob(".pakru-*"))
    if point == "release-artifacts":
        assert before["CHANGELOG.md"] != (repo / "CHANGELOG.md").read_bytes()
