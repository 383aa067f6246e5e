"""Reference pages from live objects: the CLI (from the typer app), citation, downloads."""

from __future__ import annotations

import json
import re
from pathlib import Path


def cli_markdown() -> str:
    """Every command with its options, read from the click command tree behind `pakru`."""
    import click
    import typer.main

    from pakru_dataset.cli import app

    group = typer.main.get_command(app)
    lines = [
        "# Command line",
        "",
        "`pakru` is installed with the package. Every command takes "
        "`--help`. Output-producing commands share `--format table|csv|json|markdown`.",
        "",
    ]
    ctx = click.Context(group, info_name="pakru")
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        doc = (cmd.help or "").strip()
        lines += [
            f"## `pakru {name}`",
            "",
            doc.replace("\n\n", "\n\n"),
            "",
            "| option | meaning | default |",
            "|---|---|---|",
        ]
        for param in cmd.params:
            if isinstance(param, click.Argument):
                flag = f"`{param.name.upper()}`"
            else:
                flag = ", ".join(f"`{o}`" for o in param.opts)
            default = param.default
            if hasattr(default, "value"):
                default = default.value
            shown = "" if default in (None, False, ()) or param.name == "help" else f"`{default}`"
            help_text = getattr(param, "help", "") or ""
            lines.append(f"| {flag} | {help_text.replace('|', '/')} | {shown} |")
        lines.append("")
    return "\n".join(lines)


def _cff_value(text: str, key: str) -> str:
    m = re.search(rf"^{key}:\s*(.+)$", text, re.MULTILINE)
    return m.group(1).strip().strip("'\"") if m else ""


def cff_author(text: str) -> str:
    author = re.search(r"-\s*name:\s*['\"]?([^'\"\n]+)", text)
    return author.group(1) if author else ""


def cite_markdown(root: Path) -> str:
    text = (root / "CITATION.cff").read_text(encoding="utf-8")
    title, version = _cff_value(text, "title"), _cff_value(text, "version")
    who = cff_author(text)
    return "\n".join(
        [
            "# How to cite",
            "",
            "Cite the dataset with the **version** you used, so others can find the same rows "
            "(every release stays online under its version). Cite the original sources of the "
            "facts you use as well: each row names them.",
            "",
            "**Text:**",
            "",
            f"> {who}. *{title}*, version {version}. Data licensed CC BY 4.0.",
            "",
            "**BibTeX:**",
            "",
            "```bibtex",
            "@dataset{pakru_dataset,",
            f"  author  = {{{{{who}}}}},",
            f"  title   = {{{title}}},",
            f"  version = {{{version}}},",
            "  note    = {Data licensed CC BY 4.0}",
            "}",
            "```",
            "",
            "The machine-readable citation is `CITATION.cff` in the repository:",
            "",
            "```yaml",
            text.strip(),
            "```",
            "",
        ]
    )


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _shipped_row(r: dict) -> str:
    """One command's line of the shipped-package table, saying whether it met its targets."""
    targets, met = [], []
    if "target_seconds" in r:
        targets.append(f"≤ {r['target_seconds']} s")
        met.append(r["median_seconds"] <= r["target_seconds"])
    if "target_times_faster" in r:
        targets.append(f"≥ {r['target_times_faster']}×")
        met.append(r["times_faster_than_frictionless"] >= r["target_times_faster"])
    ratio = f"{r['times_faster_than_frictionless']}×" if "times_faster_than_frictionless" in r else ""
    verdict = ("yes" if all(met) else "**no**") if met else ""
    return (
        f"| `{r['command']}` | {r['median_seconds']:.3f} s | {r['min_seconds']:.3f} – "
        f"{r['max_seconds']:.3f} s | {r.get('median_cpu_seconds', 0):.3f} s | {ratio} | "
        f"{', '.join(targets)} | {verdict} |"
    )


def performance_markdown(results: Path) -> str:
    lines = [
        "# Performance",
        "",
        "`pakru validate` has two engines. The default, **fast**, applies the Table Schema "
        "rules and the dataset rules as SQL in DuckDB; **frictionless** runs Frictionless "
        "and the Pandera schemas and stays the reference. Both report the same findings "
        "(a test compares them on every bad-input fixture).",
        "",
    ]
    if not results.is_file():
        return "\n".join([*lines, "No benchmark results recorded yet."])
    data = json.loads(results.read_text(encoding="utf-8"))
    shipped = data.get("shipped")
    if shipped:
        lines += [
            "## The shipped package",
            "",
            f"Measured on {shipped['machine']} (load average {shipped['load_average'][0]}) with "
            f"`{shipped['command']}` on {shipped['date']}: median of {shipped['rounds']} rounds.",
            "",
            "| command | median wall | min – max | median CPU | × faster than frictionless | target | met |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in shipped["results"]:
            lines.append(_shipped_row(r))
        lines += [
            "",
            shipped["note"],
            "",
            "A cached result is reused only when a SHA-256 over every file at the package's top "
            "level, everything under `data/`, `schemas/`, `releases/` and any folder the "
            "descriptor names (with file types, link counts and symlink targets), and pakru's own "
            "code and DuckDB build is unchanged; `pakru validate --no-cache` always checks in full.",
            "",
            "## At scale",
            "",
        ]
    lines += [
        f"Measured on {data['machine']} with `{data['command']}` on {data['date']}.",
        "",
        "| rows per fact table | total rows | engine | seconds | rows/s | peak RSS | "
        "speed-up | planted errors found |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in data["runs"]:
        lines.append(
            f"| {r['rows_per_table']:,} | {r['total_rows']:,} | {r['engine']} | {r['seconds']:.1f} "
            f"| {r['rows_per_second']:,.0f} | {r['peak_rss_mb']:,.0f} MB | {r.get('speedup', '')} "
            f"| {r.get('planted_found', '')} |"
        )
    lines += ["", data.get("note", "")]
    return "\n".join(lines) + "\n"
