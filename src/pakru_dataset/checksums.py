"""SHA-256 checksums in the `sha256sum` file format."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")


def sha256_file(path: Path) -> str:
    with Path(path).open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def format_sums(sums: dict[str, str]) -> str:
    """`sha256sum`-compatible text, sorted by path."""
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items()))


def parse_sums(text: str) -> dict[str, str]:
    """Path -> digest from `sha256sum` text; raises ValueError on a line that is not one."""
    out = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        name = m.group(2) if m else ""
        parts = name.split("/")
        if not m or name.startswith("/") or any(p in ("", ".", "..") for p in parts) or name in out:
            raise ValueError(f"line {n} is not '<sha256>  <relative path>' (or repeats a path)")
        out[name] = m.group(1)
    return out


def read_sums(path: Path) -> tuple[dict[str, str], str]:
    """(path -> digest, SHA-256 of the file itself) for a SHA256SUMS file.

    Raises ValueError with a one-line reason when it is missing, not a regular file, not UTF-8,
    malformed or empty.
    """
    path = Path(path)
    if path.is_symlink() or not path.is_file():
        raise ValueError("missing or not a regular file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    sums = parse_sums(text)
    if not sums:
        raise ValueError("empty: it must list every file of the release")
    return sums, sha256_bytes(data)


def sums_for(root: Path, files: list[Path]) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha256_file(p) for p in files}
