"""The release snapshot `releases/VERSION/`: the data as released, checksummed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pakru_dataset.checksums import format_sums, sha256_file, sums_for
from pakru_dataset.descriptor import Package

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


def write_core(
    package: Package,
    target: Path,
    version: str,
    date: str,
    history_csv: str,
    carried: dict[str, str] | None = None,
) -> None:
    """Copy data, schemas and licence files; write the descriptor with hashes and sizes.

    `carried` gives the release's own text of version-bearing files (CITATION.cff,
    CHANGELOG.md), already set to `version`, so the snapshot never holds a stale copy.
    """
    (target / "data").mkdir(parents=True)
    (target / "schemas").mkdir()
    descriptor = json.loads(json.dumps(package.descriptor))
    descriptor["version"] = version
    descriptor["created"] = f"{date}T00:00:00Z"
    for raw, table in zip(descriptor["resources"], package.tables, strict=True):
        src = package.root / table.path
        shutil.copyfile(src, target / table.path)
        shutil.copyfile(package.root / table.schema_path, target / table.schema_path)
        raw["hash"] = "sha256:" + sha256_file(src)
        raw["bytes"] = src.stat().st_size
    (target / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (target / "row_history.csv").write_text(history_csv, encoding="utf-8")
    carried = carried or {}
    for name in ("LICENSE", "LICENSE-DATA", "CITATION.cff"):
        if name not in carried and (package.root / name).is_file():
            shutil.copyfile(package.root / name, target / name)
    for name, text in carried.items():
        (target / name).write_text(text, encoding="utf-8")


def write_manifest(target: Path, manifest: dict) -> None:
    (target / MANIFEST).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    files = sorted(p for p in target.rglob("*") if p.is_file() and p.name != SUMS)
    (target / SUMS).write_text(format_sums(sums_for(target, files)), encoding="utf-8")
