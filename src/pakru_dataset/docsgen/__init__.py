"""Documentation pages derived from the package: dictionary, browse tables, charts, downloads."""
