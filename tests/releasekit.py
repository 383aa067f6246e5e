"""A throwaway git repository holding a copy of the package, for release tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT, copy_package, run_pakru

EXTRA = ("CITATION.cff", "LICENSE", "LICENSE-DATA")


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@localhost", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def make_repo(target: Path) -> Path:
    copy_package(target)
    for name in EXTRA:
        shutil.copy2(ROOT / name, target / name)
    (target / "src" / "pakru_dataset").mkdir(parents=True)
    version = json.loads((target / "datapackage.json").read_text())["version"]
    (target / "src" / "pakru_dataset" / "__init__.py").write_text(f'__version__ = "{version}"\n')
    (target / "CHANGELOG.md").write_text("# Changelog\n")
    (target / ".gitignore").write_text("dist/\n")
    git(target, "init", "-q", "-b", "main")
    commit(target, "initial")
    return target


def commit(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def released_repo(base: Path) -> Path:
    """A repository with release 0.1.0 cut by the CLI."""
    repo = make_repo(base / "repo")
    result = run_pakru("release", "0.1.0", "--package", str(repo), "--date", "2026-11-28")
    assert result.returncode == 0, result.stderr
    return repo


def private_clone(repo: Path, target: Path) -> Path:
    """A clone of `repo` that a test may change freely."""
    subprocess.run(["git", "clone", "-q", str(repo), str(target)], check=True)
    return target
