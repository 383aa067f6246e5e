"""Benchmark: the everyday commands on the shipped package, side by side in one run.

    python benchmarks/validate_shipped.py                  # print the figures
    python benchmarks/validate_shipped.py --write-results  # also record them in benchmarks/results.json

Each round runs, one after the other (interleaved, so a busy machine slows all alike):
`pakru validate --no-cache` (a full validation, "cold"), `pakru validate` reusing the stored
result of a full validation on byte-identical inputs ("cached"), `frictionless validate
datapackage.json`, `pakru --help`, and a one-line `pakru sql` on a warm database cache.
It reports the median wall time (and CPU time) of each, and the ratios to frictionless. A benchmark, not a
test: timings vary by machine and load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "results.json"

COMMANDS = {
    "pakru validate (cold: --no-cache)": ["pakru", "validate", "--no-cache"],
    "pakru validate (cached result)": ["pakru", "validate"],
    "frictionless validate datapackage.json": ["frictionless", "validate", "datapackage.json"],
    "pakru --help": ["pakru", "--help"],
    'pakru sql "SELECT count(*) FROM engagements" (warm cache)': [
        "pakru",
        "sql",
        "SELECT count(*) FROM engagements",
    ],
}
TARGETS = {
    "pakru validate (cold: --no-cache)": 0.3,
    "pakru validate (cached result)": 0.3,
    "pakru --help": 0.15,
    'pakru sql "SELECT count(*) FROM engagements" (warm cache)': 0.3,
}

# `pakru validate` must also be this many times faster than `frictionless validate`.
TIMES_FASTER = 5


def wall(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system of the process and its threads)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(BIN / cmd[0]), *cmd[1:]], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed")
    return seconds, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--write-results", action="store_true", help="record benchmarks/results.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pakru-bench-cache-") as cache:
        env = {**os.environ, "PAKRU_CACHE": cache}
        env.pop("PAKRU_NO_CACHE", None)
        # As installed: byte-compiled modules are written once (by the priming round) and reused.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for cmd in COMMANDS.values():  # prime: stored validation result, built database
            wall(cmd, env)
        times: dict[str, list[float]] = {name: [] for name in COMMANDS}
        cpu: dict[str, list[float]] = {name: [] for name in COMMANDS}
        for _ in range(args.rounds):
            for name, cmd in COMMANDS.items():
                seconds, used = wall(cmd, env)
                times[name].append(seconds)
                cpu[name].append(used)
    medians = {name: statistics.median(t) for name, t in times.items()}
    reference = medians["frictionless validate datapackage.json"]
    rows = []
    for name, median in medians.items():
        row = {
            "command": name,
            "median_seconds": round(median, 3),
            "min_seconds": round(min(times[name]), 3),
            "max_seconds": round(max(times[name]), 3),
            "median_cpu_seconds": round(statistics.median(cpu[name]), 3),
        }
        if name.startswith("pakru validate"):
            row["times_faster_than_frictionless"] = round(reference / median, 1)
            row["target_times_faster"] = TIMES_FASTER
        if name in TARGETS:
            row["target_seconds"] = TARGETS[name]
        rows.append(row)
        extra = (
            f"  {row['times_faster_than_frictionless']}× frictionless"
            if "times_faster_than_frictionless" in row
            else ""
        )
        print(
            f"{name:<62} median {median:6.3f} s  "
            f"(min {min(times[name]):.3f}, max {max(times[name]):.3f}; CPU {row['median_cpu_seconds']:.3f} s)"
            f"{extra}"
        )
    if args.write_results:
        data = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
        data["shipped"] = {
            "date": dt.date.today().isoformat(),
            "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
            "load_average": [round(x, 1) for x in os.getloadavg()],
            "command": "python benchmarks/validate_shipped.py --write-results",
            "rounds": args.rounds,
            "results": rows,
            "note": "Wall time of a fresh process, median of the rounds, the commands interleaved; "
            "CPU is user + system time of that process (less sensitive to other load on the machine). "
            "'cold' validates in full; 'cached result' reuses the stored result of a full "
            "validation because every input byte and pakru's code are unchanged (any change "
            "means a full run). The sql figure has the database already built in the cache.",
        }
        RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print("\nwrote benchmarks/results.json")


if __name__ == "__main__":
    main()
