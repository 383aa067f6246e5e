"""The published download layout, served over HTTP on 127.0.0.1 as the site would be.

DuckDB's own HTTP reader needs the httpfs extension, which cannot be installed offline; the
HTTP read here goes through Python (pandas with the pyarrow engine, and DuckDB reading the
response as a file object). `frictionless validate` reads the descriptor from its URL.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import json
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

from pakru_dataset.docsgen import downloads
from pakru_dataset.release.index import read_index

pytestmark = pytest.mark.slow


def write_tree(files: dict, out: Path) -> Path:
    for rel, content in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return write_tree(downloads.generate(ROOT), tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def served(published):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(published))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_every_version_is_laid_out_exactly_as_released(published):
    entries = read_index(ROOT)
    assert entries
    for entry in entries:
        version = entry["version"]
        snapshot = ROOT / "releases" / version
        folder = published / "downloads" / version
        for p in snapshot.rglob("*"):
            if p.is_file():
                assert (folder / p.relative_to(snapshot)).read_bytes() == p.read_bytes(), p
        for name in (f"pakru-dataset-{version}.zip", "pakru.duckdb", "parquet/engagements.parquet"):
            assert (folder / name).is_file(), name
        assert (folder / "flat" / "engagements_flat.csv").is_file()
        assert hashlib.sha256((folder / "SHA256SUMS").read_bytes()).hexdigest() == entry["sha256sums"]


def test_latest_mirrors_the_newest_release(published):
    index = json.loads((published / "downloads" / "index.json").read_text())
    newest = published / "downloads" / index["latest"]
    latest = published / "downloads" / "latest"
    mine = sorted(p.relative_to(newest) for p in newest.rglob("*") if p.is_file())
    assert mine == sorted(p.relative_to(latest) for p in latest.rglob("*") if p.is_file())
    assert all((newest / p).read_bytes() == (latest / p).read_bytes() for p in mine)
    assert index["latest"] == read_index(ROOT)[-1]["version"]


def test_index_lists_every_file_with_bytes_and_sha256(published):
    index = json.loads((published / "downloads" / "index.json").read_text())
    site = index["site_url"]
    assert [v["version"] for v in index["versions"]][::-1] == [e["version"] for e in read_index(ROOT)]
    for v in index["versions"]:
        folder = published / "downloads" / v["version"]
        listed = {f["path"] for f in v["files"]}
        assert listed == {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        for f in v["files"]:
            data = (folder / f["path"]).read_bytes()
            assert f["bytes"] == len(data) and f["sha256"] == hashlib.sha256(data).hexdigest()
            assert f["url"] == f"{site}downloads/{v['version']}/{f['path']}"
    corrected = [v for v in index["versions"] if "superseded_by" in v]
    assert {v["version"] for v in corrected} == {"1.0.0", "1.1.0"}


def test_page_names_duckdb_versions_and_the_erratum(published):
    page = (published / "downloads" / "index.md").read_text()
    assert "open in DuckDB 1.1.0 and every later version" in page
    assert "Corrected by 1.1.1" in page and "Erratum release" in page


def test_frictionless_validates_the_descriptor_over_http(served):
    url = served + "downloads/latest/datapackage.json"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "--json", url],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    assert report["valid"] is True, result.stdout[:2000]
    # One task per resource of the newest release, whatever that release holds.
    newest = read_index(ROOT)[-1]
    released = json.loads((ROOT / "releases" / newest["version"] / "datapackage.json").read_text())
    assert len(report["tasks"]) == len(released["resources"])


def test_csv_and_parquet_read_over_http(served):
    import duckdb
    import pandas as pd
    import pyarrow.csv

    url = served + "downloads/latest/data/engagements.csv"
    frame = pd.read_csv(url, engine="pyarrow")
    with urllib.request.urlopen(url) as response:
        table = pyarrow.csv.read_csv(response)
    con = duckdb.connect()
    con.register("engagements_http", table)
    n, first = con.execute("SELECT count(*), min(start_date) FROM engagements_http").fetchone()
    assert n == len(frame) > 0 and str(first)[:4].isdigit()
    with urllib.request.urlopen(served + "downloads/latest/parquet/engagements.parquet") as response:
        parquet = pd.read_parquet(io.BytesIO(response.read()))
    assert len(parquet) == len(frame)


def test_version_files_inside_every_published_zip(published):
    import zipfile

    from pakru_dataset.validate.integrity import snapshot_versions

    corrected = {v for e in read_index(ROOT) for v in e.get("corrects", [])}
    for entry in read_index(ROOT):
        version = entry["version"]
        unpacked = published / "unzipped" / version
        with zipfile.ZipFile(published / "downloads" / version / f"pakru-dataset-{version}.zip") as zf:
            zf.extractall(unpacked)
        said = snapshot_versions(unpacked / f"pakru-dataset-{version}")
        assert said["datapackage.json"] == version
        wrong = {f: v for f, v in said.items() if v != version}
        assert bool(wrong) == (version in corrected), (version, wrong)
