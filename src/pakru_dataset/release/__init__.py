"""Releases: schema and row diffs, the SemVer rule, snapshots, artifacts, changelog."""
