"""Past releases for an installed package: fetched from the published site, verified, cached.

The site's `downloads/index.json` (at `PAKRU_RELEASES_URL`, by default the site's `downloads/`,
derived from `site_url`) lists every file of every release with its SHA-256. pooch downloads
the release snapshot's files into the user cache folder and checks each against that digest;
once cached, a release is used offline.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pakru_dataset.addresses import releases_url
from pakru_dataset.paths import cache_dir

# Files of the artifacts (rebuilt from the snapshot); a snapshot needs none of them.
_ARTIFACTS = ("pakru.duckdb", "README.txt", "artifacts.SHA256SUMS", "parquet/", "flat/", "pakru-dataset-")


def cache_root() -> Path:
    return cache_dir() / "releases"


def _error(message: str):
    from pakru_dataset.api import ReleaseError

    return ReleaseError(message)


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "reason", "") or exc).splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def _fetch_index(base: str) -> dict:
    """The published index, refreshed from the network when it can be; else the cached copy."""
    import pooch

    folder = cache_root()
    folder.mkdir(parents=True, exist_ok=True)
    cached = folder / "index.json"
    fresh = folder / f".index-{os.getpid()}.json"
    try:
        pooch.retrieve(base + "index.json", known_hash=None, fname=fresh.name, path=folder, progressbar=False)
        os.replace(fresh, cached)
    except Exception as exc:  # no network, HTTP error: fall back on the cache
        fresh.unlink(missing_ok=True)
        if not cached.is_file():
            raise _error(f"cannot reach {base}index.json ({_reason(exc)}) and no release is cached") from None
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except ValueError:
        cached.unlink(missing_ok=True)
        raise _error(f"{base}index.json is not valid JSON") from None


def _cached_entry(version: str) -> dict | None:
    path = cache_root() / f"{version}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def fetch_release(version: str) -> Path:
    """The snapshot folder of published release `version`, downloaded and verified if needed."""
    import pooch

    from pakru_dataset.validate.integrity import check_release

    base = releases_url()
    folder = cache_root() / version
    entry = _cached_entry(version)
    if entry is None or check_release(folder, entry["sha256sums"]):
        index = _fetch_index(base)
        found = [v for v in index.get("versions", []) if v.get("version") == version]
        if not found:
            known = ", ".join(v.get("version", "?") for v in index.get("versions", [])) or "none"
            raise _error(f"no release {version!r} at {base}; released versions: {known}")
        entry = found[0]
        files = [f for f in entry["files"] if not f["path"].startswith(_ARTIFACTS)]
        for f in files:
            rel = Path(f["path"])
            if rel.is_absolute() or ".." in rel.parts:
                raise _error(f"{base}index.json names an unsafe path {f['path']!r}")
            try:
                pooch.retrieve(
                    base + f"{version}/{f['path']}",
                    known_hash=f"sha256:{f['sha256']}",
                    fname=rel.name,
                    path=folder / rel.parent,
                    progressbar=False,
                )
            except ValueError as exc:  # pooch: the download's hash differs from the index
                if "hash" in str(exc).lower():
                    raise _error(
                        f"checksum mismatch for {base}{version}/{f['path']}: it does not match index.json"
                    ) from None
                raise _error(f"cannot fetch {base}{version}/{f['path']} ({_reason(exc)})") from None
            except Exception as exc:
                raise _error(
                    f"cannot fetch {base}{version}/{f['path']} ({_reason(exc)}) and release {version} "
                    "is not fully cached"
                ) from None
        problems = check_release(folder, entry["sha256sums"])
        if problems:
            raise _error(f"release {version} from {base} failed its checksum check: {' '.join(problems[0])}")
        record = json.dumps({"sha256sums": entry["sha256sums"]})
        (cache_root() / f"{version}.json").write_text(record, encoding="utf-8")
    return folder
