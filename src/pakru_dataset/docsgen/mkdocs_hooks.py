"""MkDocs hooks: add the generated pages and assets, and the navigation that lists them."""

from __future__ import annotations

from mkdocs.structure.files import File, Files

from pakru_dataset.docsgen import quality, query, site

_GENERATED: dict[str, str | bytes] = {}


def on_config(config):
    config["nav"] = site.navigation()
    config["nav"] += quality.NAV
    return config


def on_files(files: Files, config) -> Files:
    _GENERATED.clear()
    _GENERATED.update(site.generate())
    _GENERATED.update(quality.pages())
    for path, content in _GENERATED.items():
        if path.startswith("_"):
            continue
        files.append(File.generated(config, path, content=content))
    query.add_to_files(files, config)
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    from pakru_dataset import __version__

    markdown = query.on_page_markdown(markdown, page)
    markdown = markdown.replace("<!-- pakru:coverage -->", str(_GENERATED.get("_coverage.md", "")))
    return markdown.replace("<!-- pakru:version -->", __version__)
