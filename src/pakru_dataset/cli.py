"""The `pakru` command: a thin shell over the library. Heavy imports happen inside commands."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from pakru_dataset import __version__

app = typer.Typer(
    name="pakru",
    help="Pakistan–Russia relations dataset: validate, build, query, diff and release.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format: table, csv, json or markdown.")
]
PackageOption = Annotated[
    Path | None,
    typer.Option(
        "--package",
        "-p",
        help="Directory holding datapackage.json (default: the nearest one from the current "
        "directory upwards, else the copy installed with pakru).",
        file_okay=False,
    ),
]


def _fail(message: str, code: int = 1) -> NoReturn:
    """Print a message for the user on stderr and stop with an exit code (never a traceback)."""
    print(message, file=sys.stderr)
    raise typer.Exit(code)


def _package(package: Path | None, fmt: Format = Format.table) -> Path:
    """Pick the package a command acts on and name it (path and version) as the first line
    of output: on stdout for the table format, on stderr for machine formats."""
    from pakru_dataset.paths import find_package, package_version

    root = package.resolve() if package is not None else find_package()
    out = sys.stdout if fmt == Format.table else sys.stderr
    print(f"package {root} (version {package_version(root)})", file=out, flush=True)
    return root


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"pakru-dataset {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Pakistan–Russia relations dataset."""


class Engine(StrEnum):
    fast = "fast"
    frictionless = "frictionless"


@app.command()
def validate(
    package: PackageOption = None,
    engine: Annotated[Engine, typer.Option(help="fast (DuckDB) or frictionless (+ Pandera).")] = Engine.fast,
    fmt: FormatOption = Format.table,
    limit: Annotated[int, typer.Option(help="Most findings to print per rule in table output.")] = 50,
    memory_limit: Annotated[str | None, typer.Option(help="DuckDB memory limit, e.g. 1GB.")] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Always validate in full (by default the fast engine reuses its last result "
            "when no input byte and no code has changed).",
        ),
    ] = False,
) -> None:
    """Check the data package: structure, Table Schemas, dataset rules and releases.

    Exit code 0 when valid, 1 on data errors, 2 when the package cannot be read.
    """
    if memory_limit:  # imported only when needed: a cached validation stays light
        from pakru_dataset.sandbox import memory_limit as checked_memory

        try:
            memory_limit = checked_memory(memory_limit)
        except ValueError as exc:
            _fail(f"pakru validate: {exc}", 2)
    package = _package(package, fmt)
    report = _validated(package, engine, memory_limit, no_cache or bool(os.environ.get("PAKRU_NO_CACHE")))
    findings = report.merged()
    if fmt == Format.json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
        raise typer.Exit(report.exit_code)
    from pakru_dataset.output import render

    shown, per_rule = [], {}
    for f in findings:
        per_rule[f.rule] = per_rule.get(f.rule, 0) + 1
        if fmt != Format.table or per_rule[f.rule] <= limit:
            shown.append(f)
    if shown and fmt == Format.table:
        problems = [
            [
                f.file,
                f.row,
                f.field,
                f.rule,
                f.message
                + (f"; allowed: {f.allowed}" if f.allowed else "")
                + ("" if f.severity == "error" else f" ({f.severity})"),
            ]
            for f in shown
        ]
        render(["file", "row", "column", "rule", "problem"], problems, fmt.value, title="Validation findings")
    elif shown:
        columns = ["severity", "file", "row", "column", "rule", "message", "value", "allowed"]
        render(
            columns,
            [[f.severity, f.file, f.row, f.field, f.rule, f.message, f.value, f.allowed] for f in shown],
            fmt.value,
        )
    hidden = len(findings) - len(shown)
    out = sys.stderr if fmt != Format.table else sys.stdout
    if hidden:
        print(f"… {hidden} more finding(s) not shown; use --format json for all of them", file=out)
    print(report.summary(), file=out)
    if fmt == Format.table and report.exit_code == 0:
        if report.spans:
            lines = report.holdings()
        else:
            from pakru_dataset.stats import holdings_lines

            try:
                lines = holdings_lines(package)
            except ValueError as exc:  # valid data that the documented views cannot be built on
                lines = ["", f"(no summary: {exc})"]
        for line in lines:
            print(line)
    raise typer.Exit(report.exit_code)


def _validated(package: Path, engine: Engine, memory_limit: str | None, no_cache: bool):
    """Validate in full, or reuse the stored result of a run on byte-identical inputs and code."""
    from pakru_dataset.validate import cache

    cache_key = None
    if engine == Engine.fast and not no_cache:
        try:
            cache_key = cache.key(package, engine.value, memory_limit)
        except (cache.NotCacheable, OSError):
            cache_key = None
        stored = cache.load(cache_key) if cache_key else None
        if stored is not None:
            return stored
    from pakru_dataset.validate import validate as run

    report = run(package, engine=engine.value, memory_limit=memory_limit)
    if cache_key and not report.fatal:
        try:
            # Stored only if nothing changed while it ran.
            if cache.key(package, engine.value, memory_limit) == cache_key:
                cache.store(cache_key, report)
        except (cache.NotCacheable, OSError):
            pass
    return report


@app.command()
def stats(package: PackageOption = None, fmt: FormatOption = Format.table) -> None:
    """What the data holds: rows per table, decade and type; sourcing depth; date precision."""
    from pakru_dataset.output import render
    from pakru_dataset.stats import compute

    con = _connect_or_exit(_package(package, fmt))
    try:
        sections = compute(con)
    finally:
        con.close()
    if fmt == Format.json:
        payload = {s.title: [dict(zip(s.columns, r, strict=True)) for r in s.rows] for s in sections}
        sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")
        return
    for section in sections:
        render(section.columns, section.rows, fmt.value, title=section.title)
        if fmt != Format.table:
            sys.stdout.write("\n")


def _connect_or_exit(package: Path | None):
    from pakru_dataset.api import connect
    from pakru_dataset.db.build import BuildRefused

    try:
        return connect(package)
    except BuildRefused as exc:
        _fail(f"pakru: the data does not validate ({exc}); run `pakru validate` to see why", 1)
    except ValueError as exc:
        _fail(f"pakru: {exc}", 2)


@app.command()
def build(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Directory for pakru.duckdb and parquet/.", file_okay=False)
    ] = Path("build"),
    package: PackageOption = None,
    unvotes: Annotated[
        list[Path] | None,
        typer.Option(
            help="Full Voeten/unvotes data to load as extra tables (unvotes.csv and roll_calls.csv, "
            "or UNVotes.csv). Repeat for several files.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Validate, then write a DuckDB database and one Parquet file per table.

    Files are written aside and renamed into place: an interrupted build leaves the
    previous output intact.
    """
    from pakru_dataset.db.build import BuildRefused
    from pakru_dataset.db.build import build as run_build

    package = _package(package)
    try:
        result = run_build(out, package, unvotes=list(unvotes or []))
    except BuildRefused as exc:
        print(f"pakru build: refused, the data does not validate: {exc}", file=sys.stderr)
        for f in exc.report.merged()[:3]:
            print(f"  {f.one_line()}", file=sys.stderr)
        _fail("run `pakru validate` for every finding", exc.report.exit_code or 1)
    except ValueError as exc:
        _fail(f"pakru build: {exc}", 2)
    print(f"wrote {result.database}")
    print(f"wrote {len(result.parquet)} Parquet files to {out / 'parquet'}")
    for name, n in result.rows.items():
        print(f"  {name:<26} {n:>9,} rows")


@app.command()
def sql(
    query: Annotated[
        str | None, typer.Argument(help="SQL to run (SELECT, WITH, DESCRIBE, SHOW, EXPLAIN).")
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List tables and views with descriptions.")] = False,
    package: PackageOption = None,
    fmt: FormatOption = Format.table,
    timeout: Annotated[
        float, typer.Option(help="Stop a query that runs longer than this many seconds.", min=0.1)
    ] = 30.0,
    memory_limit: Annotated[str, typer.Option(help="Most memory DuckDB may use, e.g. 2GB.")] = "2GB",
    max_rows: Annotated[
        int, typer.Option(help="Most rows to print; the rest are dropped with a note.", min=1)
    ] = 10_000,
    excel_safe: Annotated[
        bool,
        typer.Option(
            "--excel-safe",
            help="With -f csv, prefix text starting with = + - @ (tab, CR) with an apostrophe so a "
            "spreadsheet shows it instead of running it as a formula. Off by default: values stay "
            "as they are.",
        ),
    ] = False,
) -> None:
    """Run a read-only SQL query against the dataset's tables and views.

    The database is built on first use and cached until the data changes. A query runs
    read-only, cannot read or write other files, and within limits (30 s, 2GB, 10,000 rows
    by default; raise them with --timeout, --memory-limit and --max-rows). Ctrl-C stops it
    (exit 130). CSV output keeps every value as it is (`-5` stays `-5`); add --excel-safe for
    files bound for a spreadsheet.
    """
    from pakru_dataset.api import database_path
    from pakru_dataset.db.build import BuildRefused
    from pakru_dataset.db.query import (
        Limits,
        QueryFailed,
        QueryInterrupted,
        QueryRefused,
        catalog,
        run_query,
    )
    from pakru_dataset.output import render
    from pakru_dataset.sandbox import memory_limit as checked_memory

    if not list_ and not query:
        _fail("pakru sql: give a query, or --list to see tables and views", 2)
    try:
        limits = Limits(seconds=timeout, memory=checked_memory(memory_limit), rows=max_rows)
    except ValueError as exc:
        _fail(f"pakru sql: {exc}", 2)
    package = _package(package, fmt)
    try:
        database = database_path(package)
    except BuildRefused as exc:
        _fail(f"pakru sql: the data does not validate ({exc}); run `pakru validate`", 1)
    except ValueError as exc:
        _fail(f"pakru sql: {exc}", 2)
    try:
        result = catalog(database) if list_ else run_query(database, query or "", limits)
    except QueryRefused as exc:
        _fail(f"pakru sql: refused: {exc}", 1)
    except QueryFailed as exc:
        _fail(f"pakru sql: {exc}", 1)
    except (QueryInterrupted, KeyboardInterrupt):
        # Ctrl-C: say so and leave at once; DuckDB may still be winding the query down.
        print("interrupted", file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(130)
    render(result.columns, result.rows, fmt.value, excel_safe=excel_safe)
    if result.truncated:
        print(f"(only the first {max_rows:,} rows are shown; raise --max-rows for more)", file=sys.stderr)


@app.command()
def diff(
    old: Annotated[
        str | None, typer.Argument(help="A released version, or 'working' (default: latest release).")
    ] = None,
    new: Annotated[str, typer.Argument(help="A released version, or 'working' (the default).")] = "working",
    package: PackageOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Rows added, removed and changed (by primary key, with old and new values) and schema
    changes between two releases, or a release and the working tree."""
    from pakru_dataset.release.changelog import diff_markdown
    from pakru_dataset.release.diff import compare
    from pakru_dataset.release.publish import latest, no_releases_note, released_versions

    root = _package(package, fmt)
    if (note := no_releases_note(root)) is not None:
        _fail(f"pakru diff: {note}", 2)
    old = old or latest(root)
    if old is None:
        _fail("pakru diff: no release yet; nothing to compare with", 2)

    def where(label: str) -> Path:
        if label == "working":
            return root
        if label not in released_versions(root):
            known = ", ".join(released_versions(root)) or "none"
            _fail(f"pakru diff: no release {label!r} (released: {known})", 2)
        return root / "releases" / label

    result = compare(where(old), where(new), old, "working tree" if new == "working" else new)
    if fmt == Format.json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    elif fmt == Format.csv:
        from pakru_dataset.output import render

        rows = [[t.table, "added", k, "", "", ""] for t in result.tables for k in t.added]
        rows += [[t.table, "removed", k, "", "", ""] for t in result.tables for k in t.removed]
        rows += [
            [t.table, "changed", c.key, f, o, n]
            for t in result.tables
            for c in t.changed
            for f, (o, n) in c.fields.items()
        ]
        rows += [[c.table, "schema", c.kind, c.detail, "", ""] for c in result.schema]
        render(["table", "change", "key", "field", "old", "new"], rows, "csv")
    else:
        text = diff_markdown(result, heading="##")
        if fmt == Format.markdown:
            sys.stdout.write(text)
        else:
            from rich.console import Console
            from rich.markdown import Markdown

            Console().print(Markdown(text))


class Bump(StrEnum):
    auto = "auto"
    major = "major"
    minor = "minor"
    patch = "patch"


@app.command()
def release(
    version: Annotated[str | None, typer.Argument(help="The new version, e.g. 1.0.0.")] = None,
    bump: Annotated[
        Bump | None, typer.Option(help="Pick the version: auto (smallest allowed), major, minor or patch.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and show the changelog entry; write nothing.")
    ] = False,
    commit: Annotated[bool, typer.Option(help="Commit the release and tag it vVERSION.")] = True,
    date: Annotated[str | None, typer.Option(help="Release date (YYYY-MM-DD); default today.")] = None,
    erratum: Annotated[
        str | None,
        typer.Option(
            help="Cut an erratum PATCH release: same data and schemas as the latest release, "
            "correcting what earlier releases got wrong (say what, in this text)."
        ),
    ] = None,
    package: PackageOption = None,
) -> None:
    """Cut an immutable release: snapshot in releases/VERSION, artifacts in dist/VERSION.

    Refuses a dirty git tree, invalid data, an existing version, or a version bump smaller
    than the changes need (MAJOR breaking schema change, MINOR additions, PATCH corrections).
    """
    from pakru_dataset.release.publish import ReleaseRefused
    from pakru_dataset.release.publish import release as run_release

    root = _package(package)
    try:
        plan = run_release(
            root,
            version,
            bump.value if bump else None,
            dry_run=dry_run,
            commit=commit,
            today=date,
            erratum=erratum,
        )
    except ReleaseRefused as exc:
        _fail(f"pakru release: refused: {exc}", 1)
    except ValueError as exc:
        _fail(f"pakru release: {exc}", 2)
    print(
        f"{'would release' if dry_run else 'released'} {plan.version}"
        + (
            f" (after {plan.previous}; changes need at least {plan.required})"
            if plan.previous
            else " (first release)"
        )
    )
    if dry_run:
        print()
        print(plan.changelog_body(root))
    else:
        print(f"  snapshot  releases/{plan.version}/")
        print(f"  artifacts dist/{plan.version}/")


def main() -> None:
    """Console entry point: usage errors exit 2; nothing ends in a traceback."""
    try:
        app()
    except SystemExit as done:
        if isinstance(done.code, int) or done.code is None:
            _exit_now(done.code or 0)
        raise
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        from pakru_dataset.descriptor import DescriptorError  # not at start-up: keeps --help light

        if isinstance(exc, DescriptorError):
            print(f"pakru: the package cannot be used: {exc}", file=sys.stderr)
            sys.exit(2)
        if os.environ.get("PAKRU_DEBUG"):
            raise
        print(f"pakru: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("(set PAKRU_DEBUG=1 to see the traceback)", file=sys.stderr)
        sys.exit(2)


def _exit_now(code: int) -> None:
    """End the process once the standard streams are flushed, skipping interpreter teardown.

    Tearing down DuckDB's module alone takes about 20 ms, a tenth of a cold `validate`. Every
    file pakru writes is closed by its own `with` block before a command returns, and no
    command leaves work to `atexit`, so nothing is lost.
    """
    with contextlib.suppress(BrokenPipeError):  # the reader went away (`pakru sql … | head`)
        sys.stdout.flush()
    try:
        sys.stderr.flush()
    finally:
        os._exit(code)


if __name__ == "__main__":
    main()
