"""The data package as typed objects: `datapackage.json` plus one Table Schema per table.

Everything else (Pandera schemas, DuckDB DDL, SQL checks, the data dictionary) is derived
from these objects. Only the standard library is imported here, so the CLI starts fast.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pakru_dataset.paths import package_root

SUPPORTED_TYPES = ("string", "integer", "number", "boolean", "date")


class DescriptorError(Exception):
    """The package descriptor or a schema cannot be used (exit code 2)."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


_WORDS = {"id": "ID", "usd": "(USD)", "un": "UN", "unga": "UNGA", "unsc": "UNSC", "unhrc": "UNHRC"}


def humanize(code: str) -> str:
    """A snake_case name or code in words: `sideline_meeting` → Sideline meeting."""
    words = [_WORDS.get(w, w) for w in code.split("_") if w]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    enum_descriptions: dict[str, str] = field(default_factory=dict, compare=False)
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    precision_field: str | None = None
    not_before: str | None = None
    true_values: tuple[str, ...] = ("true",)
    false_values: tuple[str, ...] = ("false",)
    title: str = ""

    @property
    def is_text(self) -> bool:
        return self.type == "string"

    @property
    def label(self) -> str:
        """A heading for people: the schema's `title`, else the name in words (`start_date` → Start date)."""
        return self.title or humanize(self.name)


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    path: str
    schema_path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")

    def has_field(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    @property
    def main_date(self) -> str | None:
        """The row's own date: the first required date field."""
        return next((f.name for f in self.fields if f.type == "date" and f.required), None)

    @property
    def kind_field(self) -> str | None:
        """The field that classifies a row: the first `*_type` enum, else the first required enum."""
        enums = [f for f in self.fields if f.enum]
        candidates = [f for f in enums if f.name.endswith("_type")] or [f for f in enums if f.required]
        return candidates[0].name if candidates else None


@dataclass(frozen=True)
class Package:
    root: Path
    descriptor: dict[str, Any] = field(compare=False, repr=False)
    tables: tuple[Table, ...]

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", ""))

    @property
    def title(self) -> str:
        return str(self.descriptor.get("title", ""))

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))

    def table(self, name: str) -> Table:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(name)

    def has_table(self, name: str) -> bool:
        return any(t.name == name for t in self.tables)

    def fact_tables(self) -> list[Table]:
        """Tables whose rows are facts that must cite sources, in descriptor order."""
        cited = self.citation_tables()
        return [t for t in self.tables if t.name in cited]

    def citation_tables(self) -> dict[str, Table]:
        """Map each fact table to its citation link table (`<fact>_sources`)."""
        out = {}
        for t in self.tables:
            targets = {fk.resource for fk in t.foreign_keys}
            if t.name.endswith("_sources") and "sources" in targets:
                for fk in t.foreign_keys:
                    if fk.resource != "sources":
                        out[fk.resource] = t
        return out

    def children(self, name: str) -> list[tuple[Table, ForeignKey]]:
        """Tables (and the key) whose foreign keys point at `name`."""
        return [(t, fk) for t in self.tables for fk in t.foreign_keys if fk.resource == name]


def _read_json(path: Path, label: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DescriptorError(label, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DescriptorError(label, f"cannot be read ({exc})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DescriptorError(label, f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise DescriptorError(label, "is nested too deeply to be a descriptor") from None


_GLOB = set("*?[]{}")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def contained_path(root: Path, value: Any, label: str, what: str) -> Path:
    """The one containment rule for every file a package names; returns the resolved file.

    A package path is a plain relative path: no `..`, no absolute path, no `~`, no URL or
    scheme, no glob characters, no control characters. Resolved (symlinks followed), it
    must stay inside the package; if it exists it must be a regular file with no other
    hard link (which could be a file outside). Raises DescriptorError otherwise.
    """

    def refuse(why: str) -> DescriptorError:
        return DescriptorError(label, f"{what} {value!r} {why}; use a plain relative path inside the package")

    if not isinstance(value, str) or not value:
        raise DescriptorError(label, f"{what} must be a relative path string")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise refuse("contains control characters")
    if value.startswith(("/", "\\")) or _SCHEME.match(value) or "\\" in value:
        raise refuse("is absolute or a URL")
    if value.startswith("~"):
        raise refuse("starts with ~")
    if _GLOB & set(value):
        raise refuse("contains glob characters (* ? [ ] { })")
    if ".." in value.split("/"):
        raise DescriptorError(label, f"{what} {value!r} contains '..': it may lead outside the package")
    base = Path(root).resolve()
    resolved = (base / value).resolve()
    if not resolved.is_relative_to(base):
        raise DescriptorError(label, f"{what} {value!r} points outside the package directory")
    try:
        info = os.stat(resolved)
    except FileNotFoundError:
        return resolved  # reported as a missing file by whoever needs it
    except OSError as exc:
        raise DescriptorError(label, f"{what} {value!r} cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise refuse("is not a regular file")
    if info.st_nlink > 1:
        raise refuse("is a hard link (it may be a file outside the package)")
    return resolved


def _safe_relative(root: Path, value: Any, label: str, what: str) -> str:
    contained_path(root, value, label, what)
    return value


_RESOURCE_NAME = re.compile(r"[-a-z0-9._/]+")


def _name(value: Any, label: str, what: str) -> str:
    """A resource name as the Data Package standard allows it (lower-case letters, digits,
    `-._/`); a field name is any text without control characters. SQL quotes both."""
    if not isinstance(value, str) or not value:
        raise DescriptorError(label, f"every {what} needs a name")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise DescriptorError(label, f"{what} name {value!r} contains control characters")
    if what == "resource" and not _RESOURCE_NAME.fullmatch(value):
        raise DescriptorError(
            label, f"resource name {value!r} is not allowed; use lower-case letters, digits and - . _ /"
        )
    return value


def _strings(value: Any, label: str, what: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise DescriptorError(label, f"{what} must be a list of strings")
    return tuple(value)


def _number(value: Any, label: str, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DescriptorError(label, f"{what} must be a number")
    if not math.isfinite(value):
        raise DescriptorError(label, f"{what} must be a finite number, not {value!r}")
    return value


def _pattern(value: Any, label: str, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise DescriptorError(label, f"field {name!r}: pattern must be a string")
    if any(token in value for token in ("(?=", "(?!", "(?<=", "(?<!")):
        raise DescriptorError(label, f"field {name!r}: look-around in patterns is not supported")
    try:
        re.compile(value)
    except re.error as exc:
        raise DescriptorError(
            label, f"field {name!r}: pattern {value!r} is not a valid regex ({exc})"
        ) from None
    return value


def _parse_field(raw: Any, label: str) -> Field:
    if not isinstance(raw, dict):
        raise DescriptorError(label, "every field needs a name")
    name = _name(raw.get("name"), label, "field")
    ftype = raw.get("type", "string")
    if ftype not in SUPPORTED_TYPES:
        raise DescriptorError(
            label, f"field {name!r} has type {ftype!r}; supported: {', '.join(SUPPORTED_TYPES)}"
        )
    c = raw.get("constraints") or {}
    if not isinstance(c, dict):
        raise DescriptorError(label, f"field {name!r}: constraints must be an object")
    where = f"field {name!r}"
    enum = c.get("enum")
    descriptions = raw.get("enumDescriptions") or {}
    if not isinstance(descriptions, dict):
        raise DescriptorError(label, f"{where}: enumDescriptions must be an object")
    for key in ("precisionField", "notBefore"):
        if raw.get(key) is not None and not isinstance(raw.get(key), str):
            raise DescriptorError(label, f"{where}: {key} must be a field name")
    for key in ("minLength", "maxLength"):
        if c.get(key) is not None and (isinstance(c[key], bool) or not isinstance(c[key], int) or c[key] < 0):
            raise DescriptorError(label, f"{where}: {key} must be a whole number, 0 or more")
    return Field(
        name=name,
        type=ftype,
        description=str(raw.get("description", "")),
        required=bool(c.get("required", False)),
        enum=_strings(enum, label, f"{where}: constraints.enum") if enum is not None else None,
        enum_descriptions={str(k): str(v) for k, v in descriptions.items()},
        pattern=_pattern(c.get("pattern"), label, name),
        minimum=_number(c.get("minimum"), label, f"{where}: minimum"),
        maximum=_number(c.get("maximum"), label, f"{where}: maximum"),
        min_length=c.get("minLength"),
        max_length=c.get("maxLength"),
        precision_field=raw.get("precisionField"),
        not_before=raw.get("notBefore"),
        true_values=_strings(raw.get("trueValues", ["true"]), label, f"{where}: trueValues"),
        false_values=_strings(raw.get("falseValues", ["false"]), label, f"{where}: falseValues"),
        title=str(raw.get("title", "")),
    )


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _parse_table(root: Path, raw: Any, index: int) -> Table:
    label = f"datapackage.json resources[{index}]"
    if not isinstance(raw, dict):
        raise DescriptorError(label, "every resource needs a name")
    name = _name(raw.get("name"), label, "resource")
    path = _safe_relative(root, raw.get("path"), f"resource {name!r}", "path")
    schema = raw.get("schema")
    if isinstance(schema, str):
        schema_path = _safe_relative(root, schema, f"resource {name!r}", "schema")
        schema = _read_json(root / schema_path, schema_path)
    else:
        schema_path = "datapackage.json"
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise DescriptorError(schema_path, "a Table Schema needs a list of fields")
    fields = tuple(_parse_field(f, schema_path) for f in schema["fields"])
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise DescriptorError(schema_path, "field names must be unique")
    for f in fields:
        for ref in (f.precision_field, f.not_before):
            if ref is not None and ref not in names:
                raise DescriptorError(schema_path, f"field {f.name!r} refers to a missing field {ref!r}")
        if f.not_before is not None and (
            f.type != "date" or next(g for g in fields if g.name == f.not_before).type != "date"
        ):
            raise DescriptorError(
                schema_path, f"field {f.name!r}: notBefore compares dates; both fields must have type date"
            )
    pk = _as_tuple(schema.get("primaryKey"))
    for key in pk:
        if key not in names:
            raise DescriptorError(schema_path, f"primary key field {key!r} is not a field")
    fks = []
    for fk in schema.get("foreignKeys") or []:
        ref = fk.get("reference") or {}
        fks.append(
            ForeignKey(
                fields=_as_tuple(fk.get("fields")),
                resource=ref.get("resource") or name,
                reference_fields=_as_tuple(ref.get("fields")),
            )
        )
        if len(fks[-1].fields) != len(fks[-1].reference_fields) or not fks[-1].fields:
            raise DescriptorError(
                schema_path,
                f"foreign key {list(fks[-1].fields)} -> {fks[-1].resource}{list(fks[-1].reference_fields)}: "
                "fields and reference fields must be non-empty lists of the same length",
            )
        for key in fks[-1].fields:
            if key not in names:
                raise DescriptorError(schema_path, f"foreign key field {key!r} is not a field")
    return Table(
        name=name,
        title=str(raw.get("title", name)),
        description=str(raw.get("description", "")),
        path=path,
        schema_path=schema_path,
        fields=fields,
        primary_key=pk,
        foreign_keys=tuple(fks),
    )


def read_package(root: Path) -> Package:
    """Read and check the descriptor and schemas under `root` (raises DescriptorError).

    `root` is made absolute and resolved, so no reader ever sees a relative or `~` path.
    """
    root = Path(root).resolve()
    descriptor = _read_json(root / "datapackage.json", "datapackage.json")
    if not isinstance(descriptor, dict):
        raise DescriptorError("datapackage.json", "must be a JSON object")
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise DescriptorError("datapackage.json", "needs a non-empty list of resources")
    tables = []
    for i, raw in enumerate(resources):
        try:
            tables.append(_parse_table(root, raw, i))
        except DescriptorError:
            raise
        except (TypeError, AttributeError, ValueError, KeyError, StopIteration) as exc:
            # A descriptor shaped in a way nobody planned for: say where, never crash.
            raise DescriptorError(f"datapackage.json resources[{i}]", f"cannot be read ({exc})") from None
    tables = tuple(tables)
    names = {t.name for t in tables}
    if len(names) != len(tables):
        raise DescriptorError("datapackage.json", "resource names must be unique")
    for t in tables:
        for fk in t.foreign_keys:
            if fk.resource not in names:
                raise DescriptorError(t.schema_path, f"foreign key points to missing table {fk.resource!r}")
            parent = next(p for p in tables if p.name == fk.resource)
            for key in fk.reference_fields:
                if not parent.has_field(key):
                    raise DescriptorError(
                        t.schema_path, f"foreign key points to missing field {fk.resource}.{key}"
                    )
    return Package(root=root, descriptor=descriptor, tables=tables)


@cache
def _cached(root: Path) -> Package:
    return read_package(root)


def load_package(root: Path | None = None) -> Package:
    """The package at `root` (default: the installed or checked-out one)."""
    return _cached(Path(root or package_root()).resolve())
