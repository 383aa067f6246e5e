"""Commands act on the package you are in, and say which one on their first line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, copy_package, run_pakru


def _version(root: Path) -> str:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"]


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of this repository, used through the install under test (not its own)."""
    target = tmp_path_factory.mktemp("clone") / "pakru-dataset"
    done = subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"this checkout cannot be cloned with git: {done.stderr.strip()}")
    return target


def _break_first_engagement_date(root: Path) -> None:
    path = root / "data" / "engagements.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[1].rstrip("\n").split(",")
    cells[header.index("start_date")] = "not-a-date"
    lines[1] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_validate_in_a_clone_subdirectory_sees_the_clones_edit(clone: Path, tmp_path: Path):
    work = tmp_path / "edited"
    subprocess.run(["git", "clone", "-q", str(clone), str(work)], check=True)
    _break_first_engagement_date(work)
    result = run_pakru("validate", "-f", "json", cwd=work / "data")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert any(f["file"] == "data/engagements.csv" and f["field"] == "start_date" for f in report["findings"])
    assert result.stderr.splitlines()[0] == f"package {work} (version {_version(work)})"


def test_each_command_names_the_package_it_acts_on(clone: Path):
    first = f"package {clone} (version {_version(clone)})"
    for args in (["validate"], ["stats"], ["sql", "SELECT 1"], ["diff"], ["build", "--out", "build"]):
        result = run_pakru(*args, cwd=clone / "schemas")
        assert result.returncode == 0, (args, result.stderr[-2000:])
        assert result.stdout.splitlines()[0] == first, args
    machine = run_pakru("sql", "SELECT 1 AS one", "-f", "csv", cwd=clone / "data")
    assert machine.stdout.splitlines() == ["one", "1"] and machine.stderr.splitlines()[0] == first


def test_package_option_overrides_the_current_directory(clone: Path, tmp_path: Path):
    other = copy_package(tmp_path / "other")
    _break_first_engagement_date(other)
    result = run_pakru("validate", "-p", str(other), cwd=clone)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == f"package {other} (version {_version(other)})"


def test_outside_any_package_the_installed_copy_is_used(tmp_path: Path):
    from pakru_dataset.paths import package_root

    result = run_pakru("sql", "SELECT count(*) AS n FROM sources", "-f", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"package {package_root()} (version {_version(package_root())})"


def test_an_unreadable_descriptor_still_gets_a_header_and_a_located_error(tmp_path: Path):
    (tmp_path / "datapackage.json").write_text("{not json", encoding="utf-8")
    result = run_pakru("validate", cwd=tmp_path)
    assert result.returncode == 2 or result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0].startswith(f"package {tmp_path} (version unknown")
    assert "Traceback" not in result.stderr


def test_validate_says_whether_published_releases_were_checked(package_copy):
    """A package without releases/ says none was checked; the repository names how many were."""
    bare = run_pakru("validate", "--no-cache", cwd=package_copy)
    assert bare.returncode == 0, bare.stdout + bare.stderr
    assert "no releases/ folder, so no published release was checked" in bare.stdout
    whole = run_pakru("validate", "--no-cache")
    count = sum(1 for p in (ROOT / "releases").iterdir() if p.is_dir())
    assert f"{count} published release(s) checked" in whole.stdout
