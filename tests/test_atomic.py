"""Writers are atomic: killed mid-write (SIGKILL), they leave the previous output intact and
nothing half-written; the next run cleans up after them."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".pakru-tmp-" not in p.as_posix()
    }


def visible(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if ".pakru-tmp-" not in p.as_posix()
    )


def kill_at(point: str, args: list[str], cwd: Path = ROOT) -> None:
    """Start `pakru ARGS`, wait until it pauses at `point`, then SIGKILL it."""
    env = {**os.environ, "PAKRU_PAUSE_AT": point}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pakru_dataset.cli", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stderr.readline()
    assert f"paused at {point}" in line, line
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def pakru(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pakru_dataset.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize("point", ["database", "parquet"])
def test_killed_build_keeps_previous_output(tmp_path, point):
    out = tmp_path / "build"
    assert pakru("build", "--out", str(out)).returncode == 0
    before = digest(out)
    kill_at(point, ["build", "--out", str(out)])
    assert digest(out) == before
    assert pakru("build", "--out", str(out)).returncode == 0
    assert not list(out.rglob(".pakru-tmp-*"))


def test_killed_first_build_leaves_nothing(tmp_path):
    out = tmp_path / "build"
    kill_at("database", ["build", "--out", str(out)])
    assert visible(out) == [] if out.exists() else True
