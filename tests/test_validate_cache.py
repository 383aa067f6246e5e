"""`pakru validate` reuses a full validation's result only while no input byte has changed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conftest import run_pakru

from pakru_dataset.validate import cache, validate


def test_a_result_is_reused_until_any_input_changes(package_copy: Path, tmp_path: Path):
    env = {"PAKRU_CACHE": str(tmp_path / "cache")}
    first = run_pakru("validate", "-p", str(package_copy), "-f", "json", env=env)
    again = run_pakru("validate", "-p", str(package_copy), "-f", "json", env=env)
    assert first.returncode == again.returncode == 0
    assert json.loads(first.stdout)["reused_from"] is None
    assert json.loads(again.stdout)["reused_from"] is not None
    assert json.loads(again.stdout)["rows"] == json.loads(first.stdout)["rows"]

    path = package_copy / "data" / "actors.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n", "\n=HYPERLINK(1),", 1), encoding="utf-8")
    edited = run_pakru("validate", "-p", str(package_copy), "-f", "json", env=env)
    assert edited.returncode == 1 and json.loads(edited.stdout)["reused_from"] is None

    path.write_text(text, encoding="utf-8")
    restored = run_pakru("validate", "-p", str(package_copy), env=env)
    assert restored.returncode == 0 and "reused: inputs and code unchanged" in restored.stdout
    fresh = run_pakru("validate", "-p", str(package_copy), "--no-cache", env=env)
    assert fresh.returncode == 0 and "reused: inputs" not in fresh.stdout


def test_the_key_covers_every_file_validation_opens(package_copy: Path):
    opened: set[Path] = set()
    root = package_copy.resolve()

    def hook(event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], str | bytes | Path):
            path = Path(args[0] if not isinstance(args[0], bytes) else args[0].decode()).resolve()
            if path.is_relative_to(root):
                opened.add(path)

    sys.addaudithook(hook)
    report = validate(package_copy)
    assert report.exit_code == 0
    covered = {p.resolve() for p in cache.covered_files(package_copy)}
    assert opened, "the audit hook saw no file: the test would prove nothing"
    assert opened <= covered, sorted(map(str, opened - covered))


def test_a_symlink_retarget_changes_the_key(package_copy: Path, tmp_path: Path):
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.txt").write_text("b")
    link = package_copy / "data" / "link.txt"
    link.symlink_to(tmp_path / "a.txt")
    before = cache.key(package_copy, "fast", None)
    link.unlink()
    link.symlink_to(tmp_path / "b.txt")
    assert cache.key(package_copy, "fast", None) != before
