"""Every path a package names stays inside it, and every DuckDB connection is sandboxed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import copy_package, run_pakru

from pakru_dataset.validate import validate

SECRET = "SECRET-outside-4412"


def _set_path(pkg: Path, table: str, path: str) -> None:
    descriptor = json.loads((pkg / "datapackage.json").read_text())
    next(r for r in descriptor["resources"] if r["name"] == table)["path"] = path
    (pkg / "datapackage.json").write_text(json.dumps(descriptor))


def _outside_actors(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    header = (Path(__file__).parents[1] / "data" / "actors.csv").read_text().splitlines()[0]
    target = folder / "actors.csv"
    target.write_text(f"{header}\n{SECRET},x,person,SUN,,\n")
    return target


def _assert_refused(pkg: Path, words: str) -> None:
    report = validate(pkg)
    assert report.exit_code == 2
    text = json.dumps(report.to_dict())
    assert SECRET not in text
    assert words in text, text[-400:]


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("data/[l]ink/actors.csv", "glob characters"),  # F2: DuckDB would glob to data/link/
        ("data/*.csv", "glob characters"),
        ("data/actors.cs?", "glob characters"),
        ("data/{actors}.csv", "glob characters"),
        ("~/actors.csv", "starts with ~"),  # F3: DuckDB would expand ~ to $HOME
        ("../outside/actors.csv", "contains '..'"),
        ("data/../data/actors.csv", "contains '..'"),
        ("/etc/passwd", "absolute"),
        ("file:data/actors.csv", "absolute or a URL"),
        ("https://example.org/actors.csv", "absolute or a URL"),
    ],
)
def test_package_paths_are_plain_relative_paths(package_copy, tmp_path, path, words):
    _outside_actors(tmp_path / "outside")
    (package_copy / "data" / "link").symlink_to(tmp_path / "outside")
    (package_copy / "data" / "[l]ink").mkdir()
    shutil.copy(package_copy / "data" / "actors.csv", package_copy / "data" / "[l]ink" / "actors.csv")
    _set_path(package_copy, "actors", path)
    _assert_refused(package_copy, words)


def test_tilde_with_relative_root_never_reads_home(package_copy, tmp_path, monkeypatch):
    home = tmp_path / "home"
    _outside_actors(home)
    monkeypatch.setenv("HOME", str(home))
    (package_copy / "~").mkdir()
    shutil.copy(package_copy / "data" / "actors.csv", package_copy / "~" / "actors.csv")
    _set_path(package_copy, "actors", "~/actors.csv")
    result = run_pakru("validate", "-p", ".", "-f", "json", cwd=package_copy, env={"HOME": str(home)})
    assert result.returncode == 2
    assert SECRET not in result.stdout + result.stderr


def test_symlinked_file_leading_outside_is_refused(package_copy, tmp_path):
    outside = _outside_actors(tmp_path / "outside")
    (package_copy / "data" / "actors.csv").unlink()
    (package_copy / "data" / "actors.csv").symlink_to(outside)
    _assert_refused(package_copy, "outside the package")


def test_hard_link_is_refused(package_copy, tmp_path):
    outside = _outside_actors(tmp_path / "outside")
    (package_copy / "data" / "actors.csv").unlink()
    os.link(outside, package_copy / "data" / "actors.csv")
    _assert_refused(package_copy, "hard link")


def test_directory_or_device_is_refused(package_copy):
    _set_path(package_copy, "actors", "data")
    _assert_refused(package_copy, "not a regular file")


def test_glob_characters_in_the_package_folder_itself_are_read_literally(tmp_path):
    # The package may live in a folder whose name has glob characters; readers must get
    # exactly its files, never a sibling that the pattern would also match.
    pkg = copy_package(tmp_path / "p[k]g*")
    decoy = copy_package(tmp_path / "pkg_")
    (decoy / "data" / "actors.csv").write_text("garbage\n")
    report = validate(pkg)
    assert report.exit_code == 0, report.merged()[:3]
    assert report.rows["actors"] == sum(1 for _ in (pkg / "data" / "actors.csv").open()) - 1


# ---- DuckDB connections ------------------------------------------------------------------

ATTEMPTS = {
    "write a file": "COPY (SELECT 1) TO '{out}/x.csv'",
    "attach a file": "ATTACH '{out}/a.duckdb' AS a",
    "read a file outside": "SELECT * FROM read_text('{secret}')",
    "install an extension": "INSTALL httpfs",
    "change a setting": "SET enable_external_access = true",
    "raise memory": "SET memory_limit = '100GB'",
}


def _try_all(con, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    for what, sql in ATTEMPTS.items():
        with pytest.raises(duckdb.Error):
            con.execute(sql.format(out=out, secret=secret)).fetchall()
            pytest.fail(f"allowed to {what}")
    assert list(out.iterdir()) == []


def test_connect_is_read_only_and_sandboxed(package_copy, tmp_path):
    import pakru_dataset

    con = pakru_dataset.connect(root=package_copy)
    try:
        _try_all(con, tmp_path)
        for sql in ("DELETE FROM actors", "CREATE TABLE injected AS SELECT 1"):
            with pytest.raises(duckdb.Error):
                con.execute(sql)
    finally:
        con.close()


def test_connect_version_is_read_only_and_sandboxed(tmp_path):
    import pakru_dataset
    from pakru_dataset.paths import package_root
    from pakru_dataset.release.publish import released_versions

    version = released_versions(package_root())[0]
    con = pakru_dataset.connect(version=version)
    try:
        _try_all(con, tmp_path)
        for sql in ("DELETE FROM event_sources", "CREATE TABLE injected AS SELECT 1"):
            with pytest.raises(duckdb.Error):
                con.execute(sql)
        assert con.execute("SELECT count(*) FROM event_sources").fetchone()[0] > 0
    finally:
        con.close()


def test_validation_scratch_is_sandboxed(package_copy, tmp_path):
    from pakru_dataset.descriptor import read_package
    from pakru_dataset.validate.workspace import build_workspace

    ws = build_workspace(read_package(package_copy))
    try:
        assert ws.loaded["actors"] > 0
        _try_all(ws.con, tmp_path)
    finally:
        ws.close()


def test_build_connection_reads_only_the_package(package_copy, tmp_path):
    from pakru_dataset.db.build import write_database
    from pakru_dataset.descriptor import read_package
    from pakru_dataset.sandbox import lock_down

    # write_database locks its connection the same way; check the helper directly too.
    con = duckdb.connect()
    lock_down(con, files=[package_copy / "data" / "actors.csv"])
    assert con.execute(f"SELECT count(*) FROM read_csv('{package_copy}/data/actors.csv')").fetchone()[0]
    _try_all(con, tmp_path)
    write_database(read_package(package_copy), tmp_path / "db" / "pakru.duckdb")
    assert (tmp_path / "db" / "pakru.duckdb").is_file()


def test_corrupt_cache_is_rebuilt(package_copy):
    import pakru_dataset
    from pakru_dataset.api import database_path

    path = database_path(package_copy)
    with path.open("r+b") as fh:
        fh.truncate(4096)
    con = pakru_dataset.connect(root=package_copy)
    try:
        assert con.execute("SELECT count(*) FROM actors").fetchone()[0] > 0
    finally:
        con.close()
