"""MkDocs hooks: add the generated pages and assets, and the navigation that lists them."""

from __future__ import annotations

import re

from mkdocs.structure.files import File, Files

from pakru_dataset.descriptor import load_package
from pakru_dataset.docsgen import quality, query, records, site

_GENERATED: dict[str, str | bytes] = {}
_LINKS: dict[str, str] = {}
# Pages other parts of the site may add; the home page links to them when they exist.
_OPTIONAL = {
    "sql_href": (("query.md", "query/index.md"), "query/", "cookbook/"),
    "downloads_href": (
        ("downloads/latest.md", "downloads/latest/index.md"),
        "downloads/latest/",
        "downloads/",
    ),
}


class _Download(File):
    """A released file published byte for byte, even when its name ends in .md (CHANGELOG.md)."""

    def is_documentation_page(self) -> bool:
        return False


def on_config(config):
    config["nav"] = site.navigation()
    config["nav"] += quality.NAV
    if "mike" not in config["plugins"]:
        # Without mike there is no versions.json, and the selector would request it in vain.
        config["extra"].pop("version", None)
    return config


def on_files(files: Files, config) -> Files:
    _GENERATED.clear()
    _GENERATED.update(site.generate(config=config))
    _GENERATED.update(quality.pages())
    for path, content in _GENERATED.items():
        if path.startswith("_"):
            continue
        kind = _Download if path.startswith("downloads/") and path != "downloads/index.md" else File
        files.append(kind.generated(config, path, content=content))
    query.add_to_files(files, config)
    _LINKS["issue_tracker"] = str(config["extra"].get("issue_tracker", ""))
    for key, (candidates, found, fallback) in _OPTIONAL.items():
        _LINKS[key] = found if any(files.get_file_from_path(c) for c in candidates) else fallback
    return files


def _placeholder(match: re.Match, depth: str) -> str:
    kind, _, name = match.group(1).partition(":")
    if kind == "chart":
        return str(_GENERATED.get(f"_chart/{name}", "")).replace("{depth}", depth)
    if kind == "timeline":
        return str(_GENERATED.get("_timeline", "")).replace("{depth}", depth)
    if kind == "home":
        html = str(_GENERATED.get("_home", ""))
        for key, href in _LINKS.items():
            html = html.replace("{" + key + "}", href)
        return html
    if kind == "issues":
        return _LINKS.get("issue_tracker", "")
    if kind == "coverage":
        return str(_GENERATED.get("_coverage.md", ""))
    if kind == "version":
        from pakru_dataset import __version__

        return __version__
    return match.group(0)


def on_page_markdown(markdown: str, page, config, files) -> str:
    markdown = query.on_page_markdown(markdown, page)
    if page.file.src_uri == "index.md":  # schema.org Dataset JSON-LD for search engines
        markdown += str(_GENERATED.get("_home_jsonld.html", ""))
    depth = "../" * page.url.count("/")
    if page.file.src_uri == "changelog.md":
        prefixes = records.id_prefixes(load_package())
        markdown = records.link_ids(markdown, prefixes, set(_GENERATED), "")
    return re.sub(r"<!-- pakru:([a-z0-9:-]+) -->", lambda m: _placeholder(m, depth), markdown)
