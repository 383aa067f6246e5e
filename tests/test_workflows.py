"""Publishing automation: the hosted workflows lint clean, and scripts/docs-deploy works in a clone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_workflows_exist_for_main_and_tags():
    text = {p.name: p.read_text() for p in WORKFLOWS}
    assert "branches: [main]" in text["ci.yml"] and "bash .ci/run" in text["ci.yml"]
    release = text["release.yml"]
    for needed in ("scripts/rebuild-release", "gh release create", "scripts/docs-deploy", "id-token: write"):
        assert needed in release, needed
    assert "pypa/gh-action-pypi-publish@" in release


def test_actionlint_passes():
    result = subprocess.run(
        [str(BIN / "actionlint"), *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_an_injection(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.head_commit.message }}\n"
    )
    result = subprocess.run([str(BIN / "actionlint"), str(bad)], capture_output=True, text=True)
    assert result.returncode == 1 and "untrusted" in result.stdout


def test_zizmor_finds_nothing():
    result = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--format", "json", str(ROOT / ".github" / "workflows")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert json.loads(result.stdout) == []


@pytest.mark.slow
def test_docs_deploy_in_a_temporary_clone(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GIT_AUTHOR_NAME": "docs",
        "GIT_AUTHOR_EMAIL": "docs@localhost",
        "GIT_COMMITTER_NAME": "docs",
        "GIT_COMMITTER_EMAIL": "docs@localhost",
    }
    bad = subprocess.run(
        [str(clone / "scripts" / "docs-deploy"), "../x"], cwd=clone, capture_output=True, env=env
    )
    assert bad.returncode == 2
    latest = json.loads((ROOT / "releases" / "index.json").read_text())["releases"][-1]["version"]
    result = subprocess.run(
        [str(clone / "scripts" / "docs-deploy"), latest], cwd=clone, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr[-3000:]
    git = lambda *a: subprocess.run(["git", *a], cwd=clone, capture_output=True, text=True, check=True).stdout  # noqa: E731
    versions = json.loads(git("show", "gh-pages:versions.json"))
    assert versions[0]["version"] == latest and "latest" in versions[0]["aliases"]
    files = git("ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert (
        f"{latest}/downloads/index.json" in files and f"{latest}/downloads/latest/datapackage.json" in files
    )
