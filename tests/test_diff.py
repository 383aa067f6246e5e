"""`compare` on hand-made before/after packages: rows by key, fields by name and type."""

from __future__ import annotations

import json
from pathlib import Path

from pakru_dataset.release.diff import compare

SCHEMA = {
    "fields": [
        {"name": "thing_id", "type": "string", "description": "id", "constraints": {"required": True}},
        {"name": "label", "type": "string", "description": "label"},
        {"name": "size", "type": "integer", "description": "size"},
        {
            "name": "colour",
            "type": "string",
            "description": "colour",
            "constraints": {"enum": ["red", "green", "blue"]},
            "enumDescriptions": {"red": "r", "green": "g", "blue": "b"},
        },
    ],
    "primaryKey": ["thing_id"],
}


def package(root: Path, schema: dict, csv_text: str) -> Path:
    (root / "schemas").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "schemas" / "things.json").write_text(json.dumps(schema))
    (root / "data" / "things.csv").write_text(csv_text)
    (root / "datapackage.json").write_text(
        json.dumps(
            {
                "name": "t",
                "version": "1.0.0",
                "resources": [{"name": "things", "path": "data/things.csv", "schema": "schemas/things.json"}],
            }
        )
    )
    return root


def test_rows_added_removed_changed(tmp_path):
    old = package(
        tmp_path / "old", SCHEMA, "thing_id,label,size,colour\na,Apple,1,red\nb,Bean,2,green\nc,Cat,3,blue\n"
    )
    new = package(
        tmp_path / "new", SCHEMA, "thing_id,label,size,colour\na,Apple,1,red\nb,Bean,5,blue\nd,Dog,4,red\n"
    )
    diff = compare(old, new)
    things = diff.tables[0]
    assert things.added == ["d"] and things.removed == ["c"]
    assert [(c.key, c.fields) for c in things.changed] == [
        ("b", {"size": ("2", "5"), "colour": ("green", "blue")})
    ]
    assert diff.schema == [] and diff.required_bump == "minor"


def test_only_corrections_need_a_patch(tmp_path):
    old = package(tmp_path / "old", SCHEMA, "thing_id,label,size,colour\na,Apple,1,red\n")
    new = package(tmp_path / "new", SCHEMA, "thing_id,label,size,colour\na,Apricot,1,red\n")
    assert compare(old, new).required_bump == "patch"


def test_fields_added_removed_renamed_retyped(tmp_path):
    new_schema = json.loads(json.dumps(SCHEMA))
    new_schema["fields"][1]["name"] = "name"  # renamed in place
    new_schema["fields"][2]["type"] = "number"  # retyped
    new_schema["fields"][3]["constraints"]["enum"] = ["red", "green", "violet"]
    new_schema["fields"].append({"name": "weight", "type": "number", "description": "w"})
    old = package(tmp_path / "old", SCHEMA, "thing_id,label,size,colour\na,Apple,1,red\n")
    new = package(tmp_path / "new", new_schema, "thing_id,name,size,colour,weight\na,Apple,1,red,\n")
    kinds = {(c.kind, c.detail) for c in compare(old, new).schema}
    assert ("field-renamed", "label renamed to name") in kinds
    assert ("field-retyped", "size: integer → number") in kinds
    assert ("enum-values-removed", "colour: blue") in kinds
    assert ("enum-values-added", "colour: violet") in kinds
    assert ("field-added", "field weight added") in kinds
    assert compare(old, new).required_bump == "major"


def test_field_removed_is_breaking(tmp_path):
    small = json.loads(json.dumps(SCHEMA))
    small["fields"] = small["fields"][:3]
    old = package(tmp_path / "old", SCHEMA, "thing_id,label,size,colour\na,Apple,1,red\n")
    new = package(tmp_path / "new", small, "thing_id,label,size\na,Apple,1\n")
    diff = compare(old, new)
    assert [(c.kind, c.breaking) for c in diff.schema] == [("field-removed", True)]
    assert diff.tables[0].changed == []
