"""Benchmark: the docs' Query page — what it downloads and how soon it shows a result.

    python benchmarks/query_page.py                  # 5 cold loads, printed
    python benchmarks/query_page.py --runs 9 --write-results   # also record results-query.json

Builds the docs site (`mkdocs build`), serves it on 127.0.0.1 and opens the Query page in
headless Chromium (Debian's, through Playwright) in a fresh browser profile each time, so
nothing is cached. For each load it records the time from navigation start to DuckDB being
ready and to the first result (the page's opening example), and every file the page and its
worker fetched. Bytes are the served files' sizes (the local server does not compress) and,
for comparison, their gzip-compressed sizes, as most static hosts send them. The home page's
bytes are measured the same way. A benchmark, not a test: timings vary with the machine and
with what else it is doing, so the load average is recorded beside them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results-query.json"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def build_site(out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)]
    subprocess.run(command, cwd=ROOT, check=True, env=env)


def served_file(site: Path, url: str) -> Path | None:
    path = unquote(urlsplit(url).path).lstrip("/")
    target = site / path
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


@functools.cache
def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def weigh(site: Path, urls: list[str]) -> tuple[int, int, dict[str, int]]:
    files = {p for p in (served_file(site, u) for u in urls) if p is not None}
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in sorted(files)}
    return sum(sizes.values()), sum(gzip_size(p) for p in files), sizes


def browser_cpu() -> dict[int, float]:
    """CPU time (user + system) used so far by each of this script's child processes: the
    Playwright driver and Chromium's processes, whatever else the machine runs."""
    import psutil

    used = {}
    for child in psutil.Process().children(recursive=True):
        try:
            t = child.cpu_times()
            used[child.pid] = t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return used


def cpu_since(before: dict[int, float]) -> float:
    return sum(t - before.get(pid, 0.0) for pid, t in browser_cpu().items())


def load_once(browser, base: str, path: str, wait_result: bool) -> tuple[dict, list[str]]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    urls: list[str] = []
    page.on("requestfinished", lambda r: urls.append(r.url))
    try:
        cpu_before = browser_cpu()
        page.goto(base + path)
        if wait_result:
            done = "window.pakruQuery && window.pakruQuery.timings.firstResult"
            page.wait_for_function(done, timeout=120_000)
            timings = page.evaluate("window.pakruQuery.timings")
            timings["cpu_seconds"] = cpu_since(cpu_before)
            error = page.evaluate("window.pakruQuery.last && window.pakruQuery.last.error")
            if error:
                raise RuntimeError(f"the opening example failed: {error}")
        else:
            page.wait_for_load_state("networkidle")
            timings = {}
        return timings, urls
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="pakru-query-bench-") as tmp:
        site = Path(tmp) / "site"
        print("building the docs site…", flush=True)
        build_site(site)
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        load_before = os.getloadavg()
        runs = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for i in range(args.runs):
                timings, urls = load_once(browser, base, "query/", wait_result=True)
                runs.append(timings)
                print(
                    f"run {i + 1}: ready {timings['ready'] / 1000:.2f} s, "
                    f"first result {timings['firstResult'] / 1000:.2f} s, "
                    f"browser CPU {timings['cpu_seconds']:.2f} s",
                    flush=True,
                )
            _, home_urls = load_once(browser, base, "", wait_result=False)
            browser.close()
        server.shutdown()
        query_bytes, query_gzip, files = weigh(site, urls)
        home_bytes, _, _ = weigh(site, home_urls)
    first = [r["firstResult"] for r in runs]
    ready = [r["ready"] for r in runs]
    compiled = [r["instantiated"] for r in runs]
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    result = {
        "date": dt.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, Chromium (Debian), load average "
        f"{load_before[0]:.1f} at the start" + (f", run at niceness {os.nice(0)}" if os.nice(0) else ""),
        "command": "python benchmarks/query_page.py --write-results",
        "duckdb_wasm": lock["packages"]["node_modules/@duckdb/duckdb-wasm"]["version"],
        "runs": len(runs),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "query_page_bytes": query_bytes,
        "query_page_gzip_bytes": query_gzip,
        "query_page_files": files,
        "home_page_bytes": home_bytes,
        "first_result_ms": [round(x) for x in first],
        "ready_ms": [round(x) for x in ready],
        "first_result_ms_median": round(statistics.median(first)),
        "first_result_ms_max": round(max(first)),
        "ready_ms_median": round(statistics.median(ready)),
        "instantiated_ms": [round(x) for x in compiled],
        "instantiated_ms_median": round(statistics.median(compiled)),
        "browser_cpu_seconds": [round(r["cpu_seconds"], 2) for r in runs],
        "browser_cpu_seconds_median": round(statistics.median(r["cpu_seconds"] for r in runs), 2),
        "note": "Most of the wait is the browser compiling DuckDB's 34 MB WebAssembly module; "
        "a later visit can use the browser's cached copy. Only the Query page loads it: the "
        "other pages' weight is unchanged.",
    }
    print(json.dumps({k: v for k, v in result.items() if k != "query_page_files"}, indent=2))
    if args.write_results:
        RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"recorded in {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
