"""Citation and discovery metadata, all read from CITATION.cff, datapackage.json and site_url.

- the cite page: plain text, BibTeX and APA with version, date and URL;
- `.zenodo.json` (upload_type dataset), generated here and checked by a test;
- schema.org `Dataset` JSON-LD for the home page and for each release's page.
"""

from __future__ import annotations

import json
from pathlib import Path

from pakru_dataset.addresses import repository_url, site_url

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
SPATIAL = ("Pakistan", "Russia", "Soviet Union")


def read_cff(root: Path) -> dict:
    import yaml

    return yaml.safe_load((Path(root) / "CITATION.cff").read_text(encoding="utf-8"))


def _authors(cff: dict) -> list[str]:
    return [
        a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names"))))
        for a in cff["authors"]
    ]


def cite_markdown(root: Path) -> str:
    cff = read_cff(root)
    site = site_url(root)
    who = "; ".join(_authors(cff))
    title, version, date = cff["title"], str(cff["version"]), str(cff.get("date-released", ""))
    year = date[:4]
    url = f"{site}downloads/{version}/"
    text = (Path(root) / "CITATION.cff").read_text(encoding="utf-8").strip()
    return "\n".join(
        [
            "# How to cite",
            "",
            "Cite the dataset with the **version** you used, so others can find the same rows "
            "(every release stays online under its version, at the address below). Cite the "
            "original sources of the facts you use as well: each row names them.",
            "",
            "**Text:**",
            "",
            f"> {who} ({year}). *{title}* (version {version}, released {date}) [Data set]. "
            f"Licensed CC BY 4.0. {url}",
            "",
            "**APA:**",
            "",
            f"> {who}. ({year}). *{title}* (Version {version}) [Data set]. {url}",
            "",
            "**BibTeX:**",
            "",
            "```bibtex",
            f"@misc{{pakru_dataset_{version.replace('.', '_')},",
            f"  author       = {{{{{who}}}}},",
            f"  title        = {{{title}}},",
            f"  year         = {{{year}}},",
            f"  version      = {{{version}}},",
            f"  date         = {{{date}}},",
            f"  url          = {{{url}}},",
            "  howpublished = {Data set},",
            "  note         = {Data licensed CC BY 4.0}",
            "}",
            "```",
            "",
            f"The machine-readable citation is `CITATION.cff` ([repository]({repository_url(site)})):",
            "",
            "```yaml",
            text,
            "```",
            "",
        ]
    )


def zenodo_metadata(root: Path) -> dict:
    """What `.zenodo.json` must hold: CITATION.cff in Zenodo's terms (version comes from the tag)."""
    cff = read_cff(root)
    site = site_url(root)
    return {
        "upload_type": "dataset",
        "title": cff["title"],
        "description": " ".join(str(cff["abstract"]).split()),
        "creators": [{"name": n} for n in _authors(cff)],
        "license": str(cff["license"]).lower(),
        "keywords": list(cff.get("keywords", [])),
        "access_right": "open",
        "related_identifiers": [
            {
                "identifier": site,
                "relation": "isDocumentedBy",
                "resource_type": "publication-softwaredocumentation",
            },
            {"identifier": repository_url(site), "relation": "isSupplementedBy", "resource_type": "software"},
        ],
    }


def zenodo_json(root: Path) -> str:
    return json.dumps(zenodo_metadata(root), indent=2, ensure_ascii=False) + "\n"


_FORMATS = {
    ".zip": "application/zip",
    ".duckdb": "application/vnd.duckdb",
    ".parquet": "application/vnd.apache.parquet",
    ".csv": "text/csv",
    ".json": "application/json",
}


def dataset_jsonld(root: Path, release: dict | None) -> dict:
    """A schema.org Dataset for `release` (an entry of downloads/index.json), or the dataset as a whole."""
    descriptor = json.loads((Path(root) / "datapackage.json").read_text(encoding="utf-8"))
    cff = read_cff(root)
    site = site_url(root)
    creator = [{"@type": "Organization", "name": n, "url": site} for n in _authors(cff)]
    data: dict = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": descriptor["title"],
        "description": descriptor["description"],
        "url": site,
        "sameAs": repository_url(site),
        "license": LICENSE_URL,
        "isAccessibleForFree": True,
        "creator": creator,
        "publisher": creator[0],
        "keywords": descriptor.get("keywords", []),
        "spatialCoverage": [{"@type": "Place", "name": n} for n in SPATIAL],
        "isBasedOn": [
            s["path"] for s in descriptor.get("sources", []) if s.get("path", "").startswith("http")
        ],
    }
    if release is not None:
        years = [y for pair in release.get("coverage_years", {}).values() for y in pair if y]
        version = release["version"]
        data.update(
            {
                "@id": release["url"],
                "url": release["url"],
                "identifier": release["url"],
                "version": version,
                "datePublished": release["date"],
                "citation": f"{'; '.join(_authors(cff))} ({release['date'][:4]}). {descriptor['title']} "
                f"(Version {version}) [Data set]. {release['url']}",
                "distribution": [
                    {
                        "@type": "DataDownload",
                        "name": f["path"],
                        "contentUrl": f["url"],
                        "encodingFormat": _FORMATS[Path(f["path"]).suffix],
                        "contentSize": f"{f['bytes']} B",
                        "sha256": f["sha256"],
                    }
                    for f in release["files"]
                    if f["path"] in ("datapackage.json", f"pakru-dataset-{version}.zip", "pakru.duckdb")
                    or f["path"].startswith("parquet/")
                ],
            }
        )
        if years:
            data["temporalCoverage"] = f"{min(years)}/{max(years)}"
    return data


def script_tag(data: dict) -> str:
    body = json.dumps(data, indent=2, ensure_ascii=False).replace("</", "<\\/")
    return f'\n<script type="application/ld+json">\n{body}\n</script>\n'
