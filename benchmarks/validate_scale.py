"""Benchmark: `pakru validate` (fast engine) against `frictionless validate` at scale.

    python benchmarks/validate_scale.py                     # 10k, 100k and 1M rows per fact table
    python benchmarks/validate_scale.py --sizes 10000 100000
    python benchmarks/validate_scale.py --write-results     # also record benchmarks/results.json

For each size it generates a synthetic package shaped exactly like the schemas (four fact
tables of N rows, link tables of N–2N rows, actors and sources of N/10), plants one error of
each class, then runs both validators on the same files, one after the other, and prints wall
time, rows per second, peak resident memory and the speed ratio, and whether every planted
error was located by file, row and column. A benchmark, not a test: timings vary by machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate, plant, sizes

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def measure(cmd: list[str]) -> tuple[float, float, str]:
    """Run a command; return (seconds, peak RSS in MB, stdout)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return seconds, usage.ru_maxrss / 1024, text


def run(n: int, workdir: Path, frictionless: bool) -> list[dict]:
    target = workdir / f"n{n}"
    print(f"\n== {n:,} rows per fact table: generating…", flush=True)
    generate(target, n)
    expected = plant(target, n)
    total = sum(sizes(n).values())
    size_mb = sum(p.stat().st_size for p in (target / "data").glob("*.csv")) / 1e6
    print(f"   {total:,} rows in 13 tables, {size_mb:,.0f} MB of CSV", flush=True)
    runs = []
    seconds, rss, out = measure(
        [
            str(BIN / "pakru"),
            "validate",
            "--package",
            str(target),
            "--format",
            "json",
            "--memory-limit",
            "700MB",
            "--no-cache",
        ]
    )
    report = json.loads(out)
    found = {(f["file"], f["row"], f["field"], f["rule"]) for f in report["findings"]}
    located = sum(1 for e in expected if e in found)
    runs.append(
        {
            "rows_per_table": n,
            "total_rows": total,
            "engine": "pakru (fast)",
            "seconds": seconds,
            "rows_per_second": total / seconds,
            "peak_rss_mb": rss,
            "planted_found": f"{located}/{len(expected)}",
        }
    )
    if frictionless:
        seconds, rss, _ = measure(
            [str(BIN / "frictionless"), "validate", str(target / "datapackage.json"), "--json"]
        )
        runs.append(
            {
                "rows_per_table": n,
                "total_rows": total,
                "engine": "frictionless",
                "seconds": seconds,
                "rows_per_second": total / seconds,
                "peak_rss_mb": rss,
                "planted_found": "",
            }
        )
        ratio = runs[1]["seconds"] / runs[0]["seconds"]
        runs[0]["speedup"] = f"{ratio:.0f}×"
    for r in runs:
        print(
            f"   {r['engine']:<14} {r['seconds']:8.2f} s  {r['rows_per_second']:>12,.0f} rows/s  "
            f"peak RSS {r['peak_rss_mb']:7,.0f} MB  {r.get('speedup', '')} {r['planted_found']}",
            flush=True,
        )
    missing = [e for e in expected if e not in found]
    if missing:
        print("   NOT LOCATED:", missing)
    shutil.rmtree(target)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--no-frictionless", action="store_true", help="time pakru only")
    parser.add_argument("--write-results", action="store_true", help="record benchmarks/results.json")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="pakru-bench-"))
    runs = []
    for n in args.sizes:
        runs += run(n, workdir, not args.no_frictionless)
    if args.write_results:
        path = ROOT / "benchmarks" / "results.json"
        results = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        results |= {
            "date": dt.date.today().isoformat(),
            "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
            "command": "python benchmarks/validate_scale.py --write-results",
            "runs": runs,
            "note": "Peak RSS is the validator process's own maximum resident set. The fast engine "
            "runs with --memory-limit 700MB. 'planted errors found' counts the planted "
            "faults (one per class) located at the exact file, row and column.",
        }
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print("\nwrote benchmarks/results.json")


if __name__ == "__main__":
    main()
