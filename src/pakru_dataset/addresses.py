"""The one public address: `site_url` in mkdocs.yml, and every URL derived from it.

Changing the host is a one-line edit of `site_url`; then `python -m pakru_dataset.addresses`
rewrites the static files that carry an absolute address (datapackage.json `homepage`,
CITATION.cff `url`, pyproject.toml `[project.urls]`, README links), and tests check that they
agree. Generated things (downloads/index.json, JSON-LD, the default `PAKRU_RELEASES_URL`)
read it directly.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from pakru_dataset.paths import package_root

_SITE_URL = re.compile(r"^site_url:\s*['\"]?([^'\"\s#]+)", re.MULTILINE)


def site_url(root: Path | None = None) -> str:
    """`site_url` from mkdocs.yml (checkout root or the copy bundled in the wheel), ending in '/'."""
    path = Path(root or package_root()) / "mkdocs.yml"
    m = _SITE_URL.search(path.read_text(encoding="utf-8")) if path.is_file() else None
    if not m:
        raise RuntimeError(f"no site_url in {path}")
    url = m.group(1)
    return url if url.endswith("/") else url + "/"


def repository_url(site: str) -> str:
    """The source repository, by the GitHub Pages rule: `ORG.github.io/NAME/` is `github.com/ORG/NAME`."""
    m = re.match(r"^https://([^./]+)\.github\.io/([^/]+)/", site)
    return f"https://github.com/{m.group(1)}/{m.group(2)}" if m else site.rstrip("/")


def releases_url(root: Path | None = None) -> str:
    """Where published releases live: `PAKRU_RELEASES_URL`, else the site's `downloads/`."""
    url = os.environ.get("PAKRU_RELEASES_URL") or site_url(root) + "downloads/"
    return url if url.endswith("/") else url + "/"


def project_urls(site: str) -> dict[str, str]:
    repo = repository_url(site)
    return {
        "Homepage": site,
        "Documentation": site,
        "Downloads": site + "downloads/",
        "Changelog": site + "changelog/",
        "Source": repo,
        "Issues": repo + "/issues",
    }


def readme_links(site: str) -> dict[str, str]:
    """Link targets the README uses, by name."""
    repo = repository_url(site)
    return {
        "data": f"{repo}/tree/main/data",
        "sources": f"{repo}/blob/main/data/sources.csv",
        "methodology": site + "methodology/",
        "license-data": f"{repo}/blob/main/LICENSE-DATA",
        "license": f"{repo}/blob/main/LICENSE",
        "citation": site + "cite/",
        "security": site + "security/",
        "downloads": site + "downloads/",
        "docs": site,
    }


def sync(root: Path | None = None) -> list[str]:
    """Rewrite every static file that carries an absolute address from `site_url`; return those changed."""
    root = Path(root or package_root())
    site = site_url(root)
    changed = []

    def update(rel: str, text: str) -> None:
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(rel)

    d = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    d["homepage"] = site
    update("datapackage.json", json.dumps(d, indent=2, ensure_ascii=False) + "\n")
    cff = (root / "CITATION.cff").read_text(encoding="utf-8")
    cff = re.sub(r"^url:.*$", f'url: "{site}"', cff, flags=re.M)
    cff = re.sub(r"^repository-code:.*$", f'repository-code: "{repository_url(site)}"', cff, flags=re.M)
    update("CITATION.cff", cff)
    toml = (root / "pyproject.toml").read_text(encoding="utf-8")
    for key, url in project_urls(site).items():
        toml = re.sub(rf'^{key} = ".*"$', f'{key} = "{url}"', toml, flags=re.M)
    update("pyproject.toml", toml)
    readme = (root / "README.md").read_text(encoding="utf-8")
    for name, url in readme_links(site).items():
        readme = re.sub(rf"^\[{re.escape(name)}\]: .*$", f"[{name}]: {url}", readme, flags=re.M)
    update("README.md", readme)
    from pakru_dataset.docsgen.citation import zenodo_json

    update(".zenodo.json", zenodo_json(root))
    return changed


if __name__ == "__main__":
    print("\n".join(sync()) or "all addresses already follow site_url")
