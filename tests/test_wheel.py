"""The built wheel, installed in a fresh venv outside the checkout, against a local copy of the site.

The wheel goes into its own venv with `pip install --no-deps`; its dependencies come from the
project venv through a path entry placed after the venv's own packages (a full install from
the index takes minutes). Releases are served from 127.0.0.1 as the site publishes them.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import sysconfig
import threading
import venv
from pathlib import Path

import pytest
from conftest import ROOT
from test_downloads import write_tree

from pakru_dataset.docsgen import downloads

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    src = tmp_path_factory.mktemp("src") / "pakru-dataset"
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    for rel in tracked.stdout.splitlines():  # a clean copy: what a fresh clone would build
        if (ROOT / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, src / rel)
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(src)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    env = tmp_path_factory.mktemp("wheel-venv") / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    wheel = next(dist.glob("*.whl"))
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(own) / "zz-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env


class Site:
    def __init__(self, folder: Path) -> None:
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        handler.log_message = lambda *a: None
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/downloads/"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def site_tree(tmp_path_factory) -> Path:
    return write_tree(downloads.generate(ROOT), tmp_path_factory.mktemp("site"))


def run(env: Path, cwd: Path, code: str, **extra: str) -> subprocess.CompletedProcess:
    import os

    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAKRU_")}
    environment.update(extra)
    return subprocess.run(
        [str(env / "bin" / "python"), "-c", code], cwd=cwd, capture_output=True, text=True, env=environment
    )


LOAD = """
import pakru_dataset
from pakru_dataset.api import ReleaseError
try:
    frame = pakru_dataset.load("engagements", version={version!r})
except ReleaseError as exc:
    print("ERROR", exc)
else:
    print(pakru_dataset.__file__)
    print(len(frame), frame["start_date"].dtype)
"""


def test_twine_check_passes(dist):
    files = sorted(str(p) for p in dist.iterdir())
    assert any(f.endswith(".whl") for f in files) and any(f.endswith(".tar.gz") for f in files)
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sdist_holds_no_stray_or_partial_files(dist):
    import tarfile

    with tarfile.open(next(dist.glob("*.tar.gz"))) as tf:
        names = [n.split("/", 1)[1] for n in tf.getnames() if "/" in n]
    assert not [n for n in names if n.startswith(("releases/", ".venv", "site/", "dist/"))]
    assert "datapackage.json" in names and "mkdocs.yml" in names and "LICENSE-DATA" in names


def test_past_release_from_the_wheel_fetched_verified_cached(installed, site_tree, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    cache = str(tmp_path / "cache")
    site = Site(site_tree)
    try:
        result = run(
            installed, outside, LOAD.format(version="1.0.0"), PAKRU_RELEASES_URL=site.url, PAKRU_CACHE=cache
        )
        assert result.returncode == 0, result.stderr
        where, shape = result.stdout.strip().splitlines()
        assert where.startswith(str(installed)) and shape.split()[0] == "217" and "date" in shape
        unknown = run(
            installed, outside, LOAD.format(version="9.9.9"), PAKRU_RELEASES_URL=site.url, PAKRU_CACHE=cache
        )
        assert (
            unknown.stdout.strip().startswith("ERROR no release '9.9.9'") and unknown.stdout.count("\n") == 1
        )
        current = run(
            installed,
            outside,
            "import pakru_dataset as p; con = p.connect(); "
            "print(con.execute('SELECT count(*) FROM engagements_flat').fetchone()[0])",
            PAKRU_CACHE=cache,
        )
        assert current.returncode == 0 and int(current.stdout) > 0, current.stderr
        pakru = str(installed / "bin" / "pakru")
        sql = subprocess.run(
            [pakru, "sql", "-f", "csv", "SELECT count(*) AS n FROM engagements"],
            cwd=outside,
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "PAKRU_CACHE": cache, "HOME": str(tmp_path)},
        )
        assert sql.returncode == 0 and sql.stdout.strip().splitlines()[-1].isdigit(), sql.stderr
        diff = subprocess.run([pakru, "diff"], cwd=outside, capture_output=True, text=True)
        assert diff.returncode == 2 and "no releases/ folder" in diff.stderr
    finally:
        site.stop()
    # Offline once cached; a clear error when neither the network nor the cache has it.
    offline = run(
        installed, outside, LOAD.format(version="1.0.0"), PAKRU_RELEASES_URL=site.url, PAKRU_CACHE=cache
    )
    assert offline.returncode == 0 and offline.stdout.splitlines()[1].startswith("217"), offline.stderr
    nothing = run(
        installed,
        outside,
        LOAD.format(version="1.1.0"),
        PAKRU_RELEASES_URL=site.url,
        PAKRU_CACHE=str(tmp_path / "c2"),
    )
    assert nothing.stdout.startswith("ERROR cannot reach") and nothing.stdout.count("\n") == 1


def test_tampered_download_is_refused(installed, site_tree, tmp_path):
    tampered = tmp_path / "tampered"
    shutil.copytree(site_tree, tampered)
    path = tampered / "downloads" / "1.1.0" / "data" / "engagements.csv"
    path.write_text(path.read_text().replace("First Soviet", "First FAKE", 1))
    site = Site(tampered)
    try:
        result = run(
            installed,
            tmp_path,
            LOAD.format(version="1.1.0"),
            PAKRU_RELEASES_URL=site.url,
            PAKRU_CACHE=str(tmp_path / "c"),
        )
    finally:
        site.stop()
    assert result.stdout.startswith("ERROR checksum mismatch") and result.stdout.count("\n") == 1
