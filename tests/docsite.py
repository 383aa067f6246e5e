"""Build the docs the way a release does: `mkdocs build --strict`, and `mike deploy`."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@contextlib.contextmanager
def launched_chromium():
    """Debian's headless Chromium under Playwright, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# `.git` too: in a git worktree it is a file pointing at the shared repository, and a copy
# of it would make the scratch commit below land on the worktree's own branch.
IGNORE = shutil.ignore_patterns(
    ".git",
    ".cache",
    ".venv",
    "node_modules",
    "site",
    "build",
    "dist",
    "test-artifacts",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
)


def _env() -> dict[str, str]:
    bindir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        "NO_MKDOCS_2_WARNING": "1",
    }


def build_strict(out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=600,
    )


def build_versioned(work: Path, version: str) -> Path:
    """Deploy the docs with mike into a scratch clone and return the served tree."""
    clone = work / "clone"
    shutil.copytree(ROOT, clone, ignore=IGNORE)
    env = _env()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=clone, check=True, capture_output=True, env=env)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=docs", "-c", "user.email=docs@localhost", "add", "-A")
    git(
        "-c",
        "user.name=docs",
        "-c",
        "user.email=docs@localhost",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "docs snapshot",
    )
    for args in (
        ["deploy", "--branch", "docs-site", "--update-aliases", version, "latest"],
        ["set-default", "--branch", "docs-site", "latest"],
    ):
        subprocess.run(
            [str(Path(sys.executable).parent / "mike"), *args],
            cwd=clone,
            check=True,
            capture_output=True,
            env={
                **env,
                "GIT_AUTHOR_NAME": "docs",
                "GIT_AUTHOR_EMAIL": "docs@localhost",
                "GIT_COMMITTER_NAME": "docs",
                "GIT_COMMITTER_EMAIL": "docs@localhost",
            },
        )
    served = work / "served"
    served.mkdir()
    archive = subprocess.run(
        ["git", "archive", "docs-site"], cwd=clone, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(served)], input=archive, check=True)
    return served


COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt")


class Served:
    """A local web server for a built site that compresses like a real host (gzip) and counts
    the bytes it sends, so a test can measure what one page load transfers."""

    def __init__(self, root: Path) -> None:
        import functools
        import http.server
        import threading

        self.root = root
        self.sent = 0
        self.lock = threading.Lock()
        served = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def send_head(self):
                """Compress text files when the browser accepts gzip, as real hosts do."""
                import gzip
                import io

                path = Path(self.translate_path(self.path))
                if path.is_dir() and self.path.split("?")[0].endswith("/"):
                    path = path / "index.html"
                accepts = "gzip" in self.headers.get("Accept-Encoding", "")
                if not (accepts and path.suffix in COMPRESSED and path.is_file()):
                    return super().send_head()
                body = gzip.compress(path.read_bytes(), mtime=0)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)

            def copyfile(self, source, outputfile) -> None:
                data = source.read()
                with served.lock:
                    served.sent += len(data)
                outputfile.write(data)

        handler = functools.partial(Handler, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reset(self) -> None:
        with self.lock:
            self.sent = 0

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
