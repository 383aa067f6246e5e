"""Build the docs the way a release does: `mkdocs build --strict`, and `mike deploy`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

# `.git` too: in a git worktree it is a file pointing at the shared repository, and a copy
# of it would make the scratch commit below land on the worktree's own branch.
IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "node_modules",
    "site",
    "build",
    "dist",
    "test-artifacts",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
)


def _env() -> dict[str, str]:
    bindir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        "NO_MKDOCS_2_WARNING": "1",
    }


def build_strict(out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=600,
    )


def build_versioned(work: Path, version: str) -> Path:
    """Deploy the docs with mike into a scratch clone and return the served tree."""
    clone = work / "clone"
    shutil.copytree(ROOT, clone, ignore=IGNORE)
    env = _env()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=clone, check=True, capture_output=True, env=env)

    if not (clone / ".git").exists():
        git("init", "-q", "-b", "main")
    git("-c", "user.name=docs", "-c", "user.email=docs@localhost", "add", "-A")
    git(
        "-c",
        "user.name=docs",
        "-c",
        "user.email=docs@localhost",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "docs snapshot",
    )
    for args in (
        ["deploy", "--branch", "docs-site", "--update-aliases", version, "latest"],
        ["set-default", "--branch", "docs-site", "latest"],
    ):
        subprocess.run(
            [str(Path(sys.executable).parent / "mike"), *args],
            cwd=clone,
            check=True,
            capture_output=True,
            env={
                **env,
                "GIT_AUTHOR_NAME": "docs",
                "GIT_AUTHOR_EMAIL": "docs@localhost",
                "GIT_COMMITTER_NAME": "docs",
                "GIT_COMMITTER_EMAIL": "docs@localhost",
            },
        )
    served = work / "served"
    served.mkdir()
    archive = subprocess.run(
        ["git", "archive", "docs-site"], cwd=clone, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(served)], input=archive, check=True)
    return served
