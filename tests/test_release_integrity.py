"""Release integrity: versions inside every release, the committed index, state files, errata.

Repros F4, F11/F12, F18, F19/F20, L10, L11, L12 of the hardening review, each as a test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, run_pakru
from corrupt import set_cell
from releasekit import commit, git, private_clone, released_repo

from pakru_dataset.api import ReleaseError, load
from pakru_dataset.release.index import read_index
from pakru_dataset.release.publish import JOURNAL, latest, released_versions
from pakru_dataset.validate.integrity import snapshot_versions


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    return released_repo(tmp_path_factory.mktemp("integrity"))


@pytest.fixture
def repo(released, tmp_path):
    return private_clone(released, tmp_path / "clone")


def release(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return run_pakru("release", *args, "--package", str(repo))


def findings(repo: Path) -> list[dict]:
    result = run_pakru("validate", "--package", str(repo), "--format", "json")
    data = json.loads(result.stdout)
    assert (result.returncode == 1) == bool([f for f in data["findings"] if f["severity"] == "error"])
    return data["findings"]


def tree_state(repo: Path) -> tuple[str, str]:
    return git(repo, "rev-parse", "HEAD"), git(repo, "status", "--porcelain", "--ignored")


# ---- every version-bearing file inside every release says its version --------------------------


def test_every_committed_release_says_its_version_or_is_corrected():
    entries = read_index(ROOT)
    assert [e["version"] for e in entries] == sorted(
        (p.name for p in (ROOT / "releases").iterdir() if p.is_dir()),
        key=lambda v: tuple(map(int, v.split("."))),
    )
    corrected = {v for e in entries for v in e.get("corrects", [])}
    for e in entries:
        version = e["version"]
        said = snapshot_versions(ROOT / "releases" / version)
        assert {"datapackage.json", "manifest.json", "CITATION.cff"} <= set(said)
        wrong = {f: v for f, v in said.items() if v != version}
        if version in corrected:
            assert wrong, f"{version} is recorded as corrected but nothing in it is wrong"
        else:
            assert not wrong, f"releases/{version}: {wrong}"


def test_new_release_sets_versions_before_the_snapshot(released):
    snap = released / "releases" / "0.1.0"
    said = snapshot_versions(snap)
    assert said == {
        "datapackage.json": "0.1.0",
        "manifest.json": "0.1.0",
        "CITATION.cff": "0.1.0",
        "CHANGELOG.md": "0.1.0",
    }
    assert 'date-released: "2026-11-28"' in (snap / "CITATION.cff").read_text()
    assert (snap / "CITATION.cff").read_bytes() == (released / "CITATION.cff").read_bytes()
    with zipfile.ZipFile(released / "dist" / "0.1.0" / "pakru-dataset-0.1.0.zip") as zf:
        inside = {
            n.split("/", 1)[1]: zf.read(n).decode()
            for n in zf.namelist()
            if n.endswith((".cff", ".md", ".json"))
        }
    assert "version: 0.1.0" in inside["CITATION.cff"]
    assert json.loads(inside["datapackage.json"])["version"] == "0.1.0"
    assert inside["CHANGELOG.md"].split("\n## ", 1)[1].startswith("0.1.0 — 2026-11-28")
    assert '__version__ = "0.1.0"' in (released / "src" / "pakru_dataset" / "__init__.py").read_text()
    assert [e["version"] for e in read_index(released)] == ["0.1.0"]


def test_a_release_with_a_wrong_version_inside_fails_validation(repo):
    cff = repo / "releases" / "0.1.0" / "CITATION.cff"
    cff.write_text(cff.read_text().replace("version: 0.1.0", "version: 0.0.9"))
    rules = {(f["file"], f["rule"]) for f in findings(repo)}
    assert ("releases/0.1.0/CITATION.cff", "release-version") in rules
    assert ("releases/0.1.0/CITATION.cff", "release-modified") in rules


# ---- F19/F20: SHA256SUMS complete, index is the record ------------------------------------------


@pytest.mark.parametrize(
    "damage",
    ["delete", "empty", "trim", "binary", "directory"],
)
def test_tampering_cannot_hide_behind_the_sums_file(repo, damage):
    snap = repo / "releases" / "0.1.0"
    set_cell(snap, "engagements", 0, "title", "TAMPERED title")
    sums = snap / "SHA256SUMS"
    if damage == "delete":
        sums.unlink()
    elif damage == "empty":
        sums.write_text("")
    elif damage == "trim":
        sums.write_text(
            "".join(line for line in sums.read_text().splitlines(True) if "engagements.csv" not in line)
        )
    elif damage == "binary":
        sums.write_bytes(b"\xff\xfe")
    else:
        sums.unlink()
        sums.mkdir()
    found = [f for f in findings(repo) if f["file"].startswith("releases/0.1.0")]
    assert found and all(f["severity"] == "error" for f in found)
    with pytest.raises(ReleaseError, match="checksum check"):
        load("engagements", version="0.1.0", root=repo)


def test_extra_file_missing_release_and_fake_release_are_errors(repo):
    (repo / "releases" / "0.1.0" / "data" / "extra.csv").write_text("x\n")
    fake = repo / "releases" / "9.9.9"
    shutil.copytree(repo / "releases" / "0.1.0", fake)
    (fake / "SHA256SUMS").unlink()
    rules = {(f["file"], f["rule"]) for f in findings(repo)}
    assert ("releases/0.1.0/data/extra.csv", "release-modified") in rules
    assert ("releases/9.9.9", "release-unlisted") in rules
    assert latest(repo) == "0.1.0" and released_versions(repo) == ["0.1.0"]
    with pytest.raises(ReleaseError, match=r"no release '9\.9\.9'"):
        load("engagements", version="9.9.9", root=repo)
    shutil.rmtree(repo / "releases" / "0.1.0")
    assert ("releases/0.1.0", "release-missing") in {(f["file"], f["rule"]) for f in findings(repo)}


def test_manifest_and_descriptor_hashes_must_agree_with_the_sums(repo):
    snap = repo / "releases" / "0.1.0"
    d = json.loads((snap / "datapackage.json").read_text())
    d["resources"][0]["hash"] = "sha256:" + "0" * 64
    (snap / "datapackage.json").write_text(json.dumps(d))
    found = findings(repo)
    messages = [f["message"] for f in found if f["file"] == "releases/0.1.0/datapackage.json"]
    assert any("disagrees with SHA256SUMS" in m for m in messages), found


@pytest.mark.parametrize("version", ["..", "../releases/0.1.0", "/tmp", "0.1", "v0.1.0", " 0.1.0", 1])
def test_load_accepts_only_a_listed_semver_release(released, version):
    with pytest.raises(ReleaseError):
        load("engagements", version=version, root=released)


def test_malformed_index_is_a_located_finding(repo):
    (repo / "releases" / "index.json").write_text('{"releases": [{"version": "../x"}]}')
    assert [f["rule"] for f in findings(repo) if f["file"] == "releases/index.json"] == ["release-index"]


# ---- F4: state files ----------------------------------------------------------------------------


@pytest.mark.parametrize("dry_run", [True, False])
def test_planted_journal_is_refused_and_never_acted_on(repo, tmp_path, dry_run):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "f").write_text("keep")
    target = tmp_path / "victim_file.txt"
    (repo / JOURNAL).write_text(
        json.dumps({"version": "9.9.9", "created": [str(victim)], "restore": {str(target): "owned\n"}})
    )
    result = release(repo, "--bump", "auto", *(["--dry-run"] if dry_run else []))
    assert result.returncode == 1 and "not written by an interrupted" in result.stderr
    assert (victim / "f").read_text() == "keep" and not target.exists()
    assert (repo / JOURNAL).exists()


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"version": "0.1.1", "created": ["releases/0.1.1", "dist/0.1.1"], "restore": {"../x": "y"}}',
        '{"version": "0.1.0", "created": ["releases/0.1.0", "dist/0.1.0"], "restore": {}}',
        '{"version": "0.1.1", "created": ["releases/0.1.1", "../../elsewhere"], "restore": {}}',
    ],
)
def test_malformed_or_foreign_journal_is_refused(repo, text):
    (repo / JOURNAL).write_text(text)
    before = tree_state(repo)
    result = release(repo, "0.1.1")
    assert result.returncode == 1 and JOURNAL in result.stderr
    assert (repo / "releases" / "0.1.0" / "SHA256SUMS").is_file()
    assert tree_state(repo) == before


def test_interrupted_release_journal_refuses_dry_run(repo):
    (repo / JOURNAL).write_text(
        json.dumps({"version": "0.1.1", "created": ["releases/0.1.1", "dist/0.1.1"], "restore": {}})
    )
    result = release(repo, "--bump", "auto", "--dry-run")
    assert result.returncode == 1 and "without --dry-run" in result.stderr
    assert (repo / JOURNAL).exists()


# ---- F18, L10, L11 ------------------------------------------------------------------------------


def test_existing_tag_is_refused_before_anything_is_written(repo):
    set_cell(repo, "engagements", 0, "title", "A corrected title")
    commit(repo)
    git(repo, "tag", "v0.1.1")
    before = tree_state(repo)
    for args in (("0.1.1",), ("0.1.1", "--dry-run")):
        result = release(repo, *args)
        assert result.returncode == 1 and "tag v0.1.1 already exists" in result.stderr
    assert tree_state(repo) == before


def test_skip_worktree_edit_is_refused(repo):
    git(repo, "update-index", "--skip-worktree", "data/engagements.csv")
    set_cell(repo, "engagements", 0, "title", "A hidden edit")
    result = release(repo, "--bump", "auto", "--dry-run")
    assert result.returncode == 1 and "skip-worktree" in result.stderr


@pytest.mark.parametrize(
    "date", ["2025-02-30", "tomorrow", '2025-01-01"\nevil-key: injected\nx: "', "2025-1-1"]
)
def test_bad_release_date_is_refused(repo, date):
    set_cell(repo, "engagements", 0, "title", "A corrected title")
    commit(repo)
    before = tree_state(repo)
    result = release(repo, "0.1.1", "--date", date)
    assert result.returncode == 1 and "date" in result.stderr
    assert tree_state(repo) == before
    assert "evil-key" not in (repo / "CITATION.cff").read_text()


# ---- erratum releases ---------------------------------------------------------------------------


def test_erratum_release_needs_identical_data(repo):
    set_cell(repo, "engagements", 0, "title", "A corrected title")
    commit(repo)
    result = release(repo, "--erratum", "Fix the citation file", "--date", "2026-11-29")
    assert result.returncode == 1 and "cut a normal release" in result.stderr


def test_erratum_release_corrects_earlier_version_files(repo):
    # Simulate the 1.0.0/1.1.0 defect: a release whose CITATION.cff carries an older version.
    snap = repo / "releases" / "0.1.0"
    cff = snap / "CITATION.cff"
    cff.write_text(cff.read_text().replace("version: 0.1.0", "version: 0.0.1"))
    from pakru_dataset.checksums import format_sums, parse_sums, sha256_file

    sums = parse_sums((snap / "SHA256SUMS").read_text())
    sums["CITATION.cff"] = sha256_file(cff)
    manifest = json.loads((snap / "manifest.json").read_text())
    manifest["snapshot"]["CITATION.cff"] = sums["CITATION.cff"]
    (snap / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    sums["manifest.json"] = sha256_file(snap / "manifest.json")
    (snap / "SHA256SUMS").write_text(format_sums(sums))
    index = json.loads((repo / "releases" / "index.json").read_text())
    index["releases"][0]["sha256sums"] = sha256_file(snap / "SHA256SUMS")
    (repo / "releases" / "index.json").write_text(json.dumps(index))
    commit(repo, "simulate a wrong citation")
    assert [f["rule"] for f in findings(repo)] == ["release-version"]

    assert "does not validate" in release(repo, "0.1.1", "--date", "2026-11-29").stderr
    assert "next patch" in release(repo, "0.2.0", "--erratum", "x", "--date", "2026-11-29").stderr
    result = release(repo, "--erratum", "0.1.0's CITATION.cff named version 0.0.1.", "--date", "2026-11-29")
    assert result.returncode == 0, result.stderr
    assert findings(repo) == []
    entry = read_index(repo)[-1]
    assert entry["version"] == "0.1.1" and entry["corrects"] == ["0.1.0"] and "0.0.1" in entry["erratum"]
    for sub in ("data", "schemas"):
        for p in (repo / "releases" / "0.1.0" / sub).iterdir():
            assert p.read_bytes() == (repo / "releases" / "0.1.1" / sub / p.name).read_bytes()
    log = (repo / "releases" / "0.1.1" / "CHANGELOG.md").read_text()
    assert "## 0.1.1 — 2026-11-29" in log and "identical to 0.1.0" in log and "version 0.0.1" in log


# ---- no releases folder at hand -----------------------------------------------------------------


def test_diff_says_plainly_when_there_is_no_releases_folder(tmp_path):
    from conftest import copy_package

    pkg = copy_package(tmp_path / "pkg")
    result = run_pakru("diff", "--package", str(pkg))
    assert result.returncode == 2 and "no releases/ folder" in result.stderr
