"""What validation reports: one `Finding` per problem, gathered in a `Report`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem, located by file, row (the header is row 1) and column."""

    file: str
    row: int | None
    field: str | None
    rule: str
    message: str
    severity: str = ERROR
    value: str | None = None
    allowed: str | None = None

    @property
    def key(self) -> tuple[str, int, str, str]:
        """Identity used to merge engines' findings and to compare them."""
        return (self.file, self.row or 0, self.field or "", self.rule)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def one_line(self) -> str:
        where = self.file + (f":{self.row}" if self.row else "")
        col = f" [{self.field}]" if self.field else ""
        return f"{where}{col} {self.rule}: {self.message}"


@dataclass
class Report:
    """All findings of one run, with what was checked."""

    engine: str
    findings: list[Finding] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    fatal: bool = False
    # First and last year of each fact table's main date (fast engine), for `holdings()`.
    spans: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    # Set when this report is a stored result of an earlier run on identical inputs.
    reused_from: str | None = None
    # How many published releases were verified; None when the package has no releases/ folder.
    releases: int | None = None

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings: list[Finding]) -> None:
        self.findings.extend(findings)

    def merged(self) -> list[Finding]:
        """Findings sorted by location, one per (file, row, field, rule)."""
        seen: dict[tuple, Finding] = {}
        for f in sorted(self.findings, key=lambda f: (f.file, f.row or 0, f.field or "", f.rule)):
            seen.setdefault(f.key, f)
        return list(seen.values())

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.merged() if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.merged() if f.severity == WARNING]

    @property
    def exit_code(self) -> int:
        """0 clean, 1 data errors, 2 unreadable package."""
        if self.fatal:
            return 2
        return 1 if self.errors else 0

    def summary(self) -> str:
        n_err, n_warn = len(self.errors), len(self.warnings)
        files = len({f.file for f in self.merged()})
        total = sum(self.rows.values())
        verdict = "valid" if not n_err and not self.fatal else "INVALID"
        reused = (
            f" (result of the run at {self.reused_from}, reused: inputs and code unchanged; "
            "--no-cache checks again)"
            if self.reused_from
            else ""
        )
        releases = (
            ""
            if self.fatal
            else "; no releases/ folder, so no published release was checked"
            if self.releases is None
            else f"; {self.releases} published release(s) checked"
        )
        return (
            f"{verdict}: {n_err} error(s), {n_warn} warning(s) in {files} file(s); "
            f"{len(self.rows)} table(s), {total:,} row(s) checked by the {self.engine} engine "
            f"in {self.seconds:.2f} s{releases}{reused}"
        )

    def holdings(self, small_tables: tuple[str, ...] = ("actors", "sources", "country_votes")) -> list[str]:
        """A few lines on what the data holds (rows, and years for fact tables)."""
        lines = ["", "The dataset holds:"]
        for t, (lo, hi) in self.spans.items():
            n = self.rows.get(t, 0)
            lines.append(f"  {t:<12} {n:>5} rows" + (f", {lo}–{hi}" if n else ""))
        lines += [f"  {t:<12} {self.rows[t]:>5} rows" for t in small_tables if t in self.rows]
        return lines

    def to_dict(self) -> dict[str, object]:
        return {
            "valid": self.exit_code == 0,
            "exit_code": self.exit_code,
            "engine": self.engine,
            "seconds": round(self.seconds, 3),
            "rows": self.rows,
            "skipped": self.skipped,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.to_dict() for f in self.merged()],
            "reused_from": self.reused_from,
            "releases": self.releases,
        }

    @classmethod
    def from_dict(cls, data: dict, spans: dict | None = None) -> Report:
        """The inverse of `to_dict` (findings come back merged)."""
        return cls(
            engine=data["engine"],
            findings=[Finding(**f) for f in data["findings"]],
            rows=data["rows"],
            skipped=data["skipped"],
            seconds=data["seconds"],
            spans={k: tuple(v) for k, v in (spans or {}).items()},
            releases=data.get("releases"),
        )
