"""The published download layout: `downloads/VERSION/`, `downloads/latest/`, `downloads/index.json`.

`downloads/VERSION/` holds the release snapshot exactly as released (`datapackage.json`,
`data/`, `schemas/`, `SHA256SUMS`, manifest, citation, licences) next to the artifacts rebuilt
from it and checked against its manifest (zip, Parquet, DuckDB, flat CSVs, README, and their
checksums as `artifacts.SHA256SUMS`), so `frictionless validate <url>/datapackage.json` works
from the URL. `downloads/latest/` mirrors the newest release. `downloads/index.json` lists every
version with its date, files, bytes and SHA-256, and is what `load(name, version=...)` reads
from an installed package.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

from pakru_dataset.addresses import site_url
from pakru_dataset.docsgen.reference import _size
from pakru_dataset.release.index import read_index
from pakru_dataset.release.versions import parse

ARTIFACT_SUMS = "artifacts.SHA256SUMS"
INDEX_JSON = "downloads/index.json"


def release_files(root: Path, version: str, sums_digest: str) -> dict[str, bytes]:
    """{path inside downloads/VERSION/: bytes}: the snapshot as released plus rebuilt artifacts."""
    from pakru_dataset.release.artifacts import build_artifacts
    from pakru_dataset.validate.integrity import check_release

    snapshot = root / "releases" / version
    problems = check_release(snapshot, sums_digest)
    if problems:
        raise RuntimeError(f"release {version}: {problems[0][0]} {problems[0][1]}")
    files = {
        p.relative_to(snapshot).as_posix(): p.read_bytes() for p in sorted(snapshot.rglob("*")) if p.is_file()
    }
    manifest = json.loads(files["manifest.json"])
    expected = {f["path"]: f["sha256"] for f in manifest["files"]}
    with tempfile.TemporaryDirectory(prefix="pakru-docs-") as tmp:
        out = Path(tmp) / version
        build_artifacts(snapshot, out)
        for rel, digest in expected.items():
            data = (out / rel).read_bytes()
            if hashlib.sha256(data).hexdigest() != digest:
                raise RuntimeError(f"release {version}: rebuilt {rel} does not match its manifest checksum")
            files[ARTIFACT_SUMS if rel == "SHA256SUMS" else rel] = data
    return files


def _file_entries(base: str, files: dict[str, bytes]) -> list[dict]:
    return [
        {"path": rel, "url": base + rel, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for rel, data in sorted(files.items())
    ]


def generate(root: Path) -> dict[str, str | bytes]:
    """Every download file, `downloads/index.json` and the Downloads page, by site path."""
    site = site_url(root)
    entries = read_index(root)
    out: dict[str, str | bytes] = {}
    versions = []
    for entry in entries:
        version = entry["version"]
        files = release_files(root, version, entry["sha256sums"])
        for rel, data in files.items():
            out[f"downloads/{version}/{rel}"] = data
        manifest = json.loads(files["manifest.json"])
        superseded = next((e["version"] for e in entries if version in e.get("corrects", [])), None)
        versions.append(
            {
                "version": version,
                "date": entry["date"],
                "url": f"{site}downloads/{version}/",
                "datapackage": f"{site}downloads/{version}/datapackage.json",
                "zip": f"{site}downloads/{version}/pakru-dataset-{version}.zip",
                "sha256sums": entry["sha256sums"],
                "rows": manifest.get("rows", {}),
                "coverage_years": manifest.get("coverage_years", {}),
                "duckdb_storage_version": manifest.get("duckdb_storage_version"),
                **(
                    {"erratum": entry["erratum"], "corrects": entry["corrects"]} if "erratum" in entry else {}
                ),
                **({"superseded_by": superseded} if superseded else {}),
                "files": _file_entries(f"{site}downloads/{version}/", files),
            }
        )
    latest = max((v["version"] for v in versions), key=parse, default=None)
    if latest is not None:
        prefix = f"downloads/{latest}/"
        for path in [p for p in out if p.startswith(prefix)]:
            out["downloads/latest/" + path[len(prefix) :]] = out[path]
    index = {"name": "pakru-dataset", "site_url": site, "latest": latest, "versions": versions[::-1]}
    out[INDEX_JSON] = json.dumps(index, indent=2, ensure_ascii=False) + "\n"
    out["downloads/index.md"] = page_markdown(index) + _jsonld(root, index)
    return out


def _jsonld(root: Path, index: dict) -> str:
    """One schema.org Dataset per release on the Downloads page; the newest one on the home page."""
    from pakru_dataset.docsgen.citation import dataset_jsonld, script_tag

    datasets = [dataset_jsonld(root, v) for v in index["versions"]]
    return script_tag({"@context": "https://schema.org/", "@graph": datasets}) if datasets else ""


def home_jsonld(root: Path, index_text: str) -> str:
    from pakru_dataset.docsgen.citation import dataset_jsonld, script_tag

    index = json.loads(index_text)
    newest = next(iter(index["versions"]), None)
    data = dataset_jsonld(root, newest)
    data["url"] = data["@id"] = index["site_url"]
    return script_tag(data)


def page_markdown(index: dict) -> str:
    """The Downloads page: newest first, errata beside what they correct, which DuckDB opens what."""
    from pakru_dataset.db.emptydb import OPENS_WITH

    site = index["site_url"]
    lines = [
        "# Downloads",
        "",
        "Every release is immutable: its files never change, and the checksums below (also in each "
        "release's `SHA256SUMS` and `artifacts.SHA256SUMS`) let you verify a download. The zip holds "
        "everything: tables, flat files for spreadsheets, Parquet, the DuckDB database, README, "
        "licence, citation and changelog.",
        "",
        "Stable addresses:",
        "",
        f"- `{site}downloads/VERSION/` — one release, laid out as released: `datapackage.json`, "
        "`data/`, `schemas/`, plus the zip, `parquet/`, `pakru.duckdb` and `flat/`. Tools read the "
        f"descriptor from its URL, e.g. `frictionless validate {site}downloads/latest/datapackage.json`.",
        f"- `{site}downloads/latest/` — the same for the newest release"
        + (f" (now {index['latest']})." if index["latest"] else "."),
        f"- `{site}downloads/index.json` — every version with its date, files, bytes and SHA-256 "
        "(what `pakru_dataset.load(name, version=...)` reads).",
        "",
        f"**Which DuckDB opens `pakru.duckdb`:** releases from 1.1.1 on are written in DuckDB's "
        f"storage format v1.0.0 and open in DuckDB {OPENS_WITH} and every later version (tested "
        f"with {OPENS_WITH}, 1.1.3, 1.2.0 and 2.0.1). Releases 1.0.0 and 1.1.0 open only in DuckDB 2.0 "
        "or later. The Parquet files and CSVs open anywhere.",
        "",
        "**Values:** `data/*.csv`, Parquet and DuckDB hold every value exactly. The flat files in "
        "`flat/` are for spreadsheets: a text value starting with `=`, `+`, `-` or `@` gets a "
        "leading apostrophe there, so a spreadsheet shows it instead of running it as a formula.",
        "",
    ]
    if not index["versions"]:
        lines.append("No release has been published yet. The working data is in `data/` in the repository.")
    for v in index["versions"]:
        version = v["version"]
        rows = ", ".join(
            f"{k} {n:,}"
            for k, n in v["rows"].items()
            if k in ("engagements", "agreements", "roll_calls", "events")
        )
        lines += [f"## {version}", "", f"Released {v['date']}. Rows: {rows}.", ""]
        if "erratum" in v:
            lines += [
                f'!!! note "Erratum release"\n    {v["erratum"]} Corrects: '
                + ", ".join(v["corrects"])
                + ". See the [changelog](../changelog.md).",
                "",
            ]
        if "superseded_by" in v:
            by = v["superseded_by"]
            lines += [
                f'!!! warning "Corrected by {v["superseded_by"]}"\n'
                "    This release's citation file names the wrong version and its `pakru.duckdb` opens "
                "only in DuckDB 2.0 or later; its data is right. "
                f"Use [{by}](#{by.replace('.', '')}), which has the same data.",
                "",
            ]
        lines += ["| file | size | SHA-256 |", "|---|---|---|"]
        shown = [
            f for f in v["files"] if not f["path"].startswith(("data/", "schemas/", "parquet/", "flat/"))
        ]
        for f in shown:
            lines.append(f"| [{f['path']}]({version}/{f['path']}) | {_size(f['bytes'])} | `{f['sha256']}` |")
        hidden = len(v["files"]) - len(shown)
        lines += [
            "",
            f"Also in [`{version}/`]({version}/datapackage.json): {hidden} files under `data/`, "
            "`schemas/`, `parquet/` and `flat/`, each listed with its size and SHA-256 in "
            "[index.json](index.json).",
            "",
        ]
    return "\n".join(lines)
