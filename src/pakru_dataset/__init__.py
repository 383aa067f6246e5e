"""pakru-dataset: Pakistan–Soviet and Pakistan–Russia relations since 1947, as a data package.

`load(name)` returns one table or view as a typed pandas DataFrame; `connect()` returns a
read-only DuckDB connection with every table and view. Heavy libraries load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "1.4.0"

if TYPE_CHECKING:
    import duckdb
    import pandas

__all__ = ["__version__", "connect", "load", "tables"]


def tables() -> list[str]:
    """Names of the tables in the data package, in descriptor order."""
    from pakru_dataset.descriptor import load_package

    return [table.name for table in load_package().tables]


def load(name: str, version: str | None = None) -> pandas.DataFrame:
    """Return a table or view as a typed pandas DataFrame.

    `version` reads a past release's snapshot (for example `"1.0.0"`) instead of the
    working data.
    """
    from pakru_dataset.api import load as _load

    return _load(name, version=version)


def connect(**kwargs: Any) -> duckdb.DuckDBPyConnection:
    """Return a read-only DuckDB connection with every table and view of the dataset."""
    from pakru_dataset.api import connect as _connect

    return _connect(**kwargs)
