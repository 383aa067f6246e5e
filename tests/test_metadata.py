"""Metadata that tools read: one public address, package metadata, citation, Zenodo, JSON-LD."""

from __future__ import annotations

import json
import re
import shutil
import sys
import tomllib

import pytest
from conftest import ROOT

from pakru_dataset import addresses
from pakru_dataset.docsgen import citation, downloads

ADDRESS_FILES = (
    "datapackage.json",
    "CITATION.cff",
    "pyproject.toml",
    "README.md",
    "mkdocs.yml",
    ".zenodo.json",
)


def copy_files(target, names=ADDRESS_FILES):
    target.mkdir(exist_ok=True)
    for name in names:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, target / name)
    return target


def test_every_address_follows_site_url(tmp_path):
    assert addresses.sync(copy_files(tmp_path / "copy")) == []
    site = addresses.site_url(ROOT)
    assert json.loads((ROOT / "datapackage.json").read_text())["homepage"] == site
    assert f'url: "{site}"' in (ROOT / "CITATION.cff").read_text()
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    assert urls["Homepage"] == site and urls["Changelog"].startswith(site) and "Issues" in urls


def test_changing_site_url_is_a_one_line_edit(tmp_path):
    work = copy_files(tmp_path / "copy", (*ADDRESS_FILES, "data", "schemas", "releases"))
    new = "https://data.example.org/pakru/"
    yml = work / "mkdocs.yml"
    yml.write_text(re.sub(r"^site_url: .*$", f"site_url: {new}", yml.read_text(), flags=re.M))
    assert set(addresses.sync(work)) == {
        "datapackage.json",
        "CITATION.cff",
        "pyproject.toml",
        "README.md",
        ".zenodo.json",
    }
    for name in ("datapackage.json", "CITATION.cff", "pyproject.toml", "README.md", ".zenodo.json"):
        assert "pakru-dataset.github.io" not in (work / name).read_text(), name
    assert addresses.releases_url(work) == new + "downloads/"
    files = downloads.generate(work)
    index = json.loads(files[downloads.INDEX_JSON])
    assert index["site_url"] == new
    assert all(f["url"].startswith(new) for v in index["versions"] for f in v["files"])
    assert new in downloads.home_jsonld(work, files[downloads.INDEX_JSON])
    assert f"{new}downloads/" in citation.cite_markdown(work)


def test_readme_links_are_absolute():
    text = (ROOT / "README.md").read_text()
    inline = re.findall(r"\]\(([^)]+)\)", text)
    assert [u for u in inline if not u.startswith("https://")] == []
    refs = re.findall(r"^\[[^\]]+\]: (\S+)$", text, flags=re.M)
    assert refs and all(u.startswith("https://") for u in refs)


def test_package_metadata():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert set(project["license-files"]) == {"LICENSE", "LICENSE-DATA"}
    python = f"Programming Language :: Python :: {sys.version_info.major}.{sys.version_info.minor}"
    assert python in project["classifiers"]
    assert {"Homepage", "Documentation", "Changelog", "Issues"} <= set(project["urls"])
    sdist = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["sdist"]
    assert all(p.startswith("/") for p in sdist["include"])


def test_zenodo_json_is_generated_from_citation_cff():
    assert (ROOT / ".zenodo.json").read_text() == citation.zenodo_json(ROOT)
    data = json.loads((ROOT / ".zenodo.json").read_text())
    cff = citation.read_cff(ROOT)
    assert data["upload_type"] == "dataset" and data["title"] == cff["title"]
    assert data["license"] == "cc-by-4.0" and data["creators"]


def test_datapackage_names_home_created_and_upstream_sources():
    d = json.loads((ROOT / "datapackage.json").read_text())
    assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", d["created"])
    upstream = [s for s in d["sources"] if s["path"].startswith("http")]
    assert len(upstream) >= 4 and all(s["title"] for s in upstream)


def test_cite_page_has_text_bibtex_and_apa():
    page = citation.cite_markdown(ROOT)
    version = citation.read_cff(ROOT)["version"]
    assert "**APA:**" in page and "```bibtex" in page and f"version      = {{{version}}}" in page
    assert f"downloads/{version}/" in page and "year         = {" in page


# Google Dataset Search: required name and description (50-5000 characters); recommended below.
RECOMMENDED = ("url", "license", "creator", "keywords", "spatialCoverage", "isAccessibleForFree", "sameAs")
PER_RELEASE = ("version", "identifier", "citation", "temporalCoverage", "distribution", "datePublished")


def check_dataset(data: dict, release: bool) -> None:
    assert data["@type"] == "Dataset" and data["name"]
    assert 50 <= len(data["description"]) <= 5000
    for key in RECOMMENDED + (PER_RELEASE if release else ()):
        assert data.get(key), key
    assert all(c["@type"] in ("Organization", "Person") and c["name"] for c in data["creator"])
    for d in data.get("distribution", []):
        assert d["@type"] == "DataDownload" and d["contentUrl"].startswith("http") and d["encodingFormat"]
        assert d["contentSize"]


def scripts(text: str) -> list[dict]:
    return [
        json.loads(m)
        for m in re.findall(r'<script type="application/ld\+json">\n(.*?)\n</script>', text, re.S)
    ]


@pytest.fixture(scope="module")
def generated():
    return downloads.generate(ROOT)


def test_release_pages_carry_dataset_jsonld(generated):
    (graph,) = scripts(str(generated["downloads/index.md"]))
    versions = [d["version"] for d in graph["@graph"]]
    assert versions == [v["version"] for v in json.loads(generated[downloads.INDEX_JSON])["versions"]]
    for data in graph["@graph"]:
        check_dataset(data, release=True)
        assert data["temporalCoverage"].startswith("19")


def test_home_page_carries_dataset_jsonld(generated):
    (data,) = scripts(downloads.home_jsonld(ROOT, generated[downloads.INDEX_JSON]))
    check_dataset(data, release=True)
    assert data["url"] == addresses.site_url(ROOT)
