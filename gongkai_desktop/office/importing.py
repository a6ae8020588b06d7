"""Importing many packages at the review office: a dry run with a verdict per file, then the import.

Every file is checked as hostile (the package module does that); the dry run says, per file, what
importing it would do — new, a newer version that supersedes an earlier submission, identical to
one already imported, refused with its reason, quarantined (unknown key), or older than the last
one from that unit (imported only after confirmation). Each package is imported in one
transaction, so cancelling between two files leaves every imported one whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import backups
from ..errors import DomainError
from ..levels import submission_kind
from ..package.errors import PackageError
from ..package.payloads import RESPONSES_FILE
from ..package.read import VerifiedPackage, read_package
from ..package.verify import check_not_replayed, check_sequence, read_source, record_accepted, verify_package
from ..workspace import ROLE_REVIEW, Workspace
from . import attachments, audit
from .checks import check_submission
from .conversation import answers, awaiting_answer
from .provenance import is_county_submission, store_provenance
from .submissions import store_submission, unit_digests

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]

VERDICTS = {
    "new": "新报送",
    "newer": "新版本（取代此前报送）",
    "identical": "与已导入的相同（不重复导入）",
    "stale": "比已导入的旧（需确认）",
    "quarantined": "已隔离：签名密钥未登记",
    "refused": "拒绝",
}
QUARANTINE_CODES = ("unknown_signer", "pending_key")


@dataclass(slots=True)
class AreaVerdict:
    area_code: str
    area_name: str
    item_count: int
    state: str  # new / newer / identical
    digest: str = ""


@dataclass(slots=True)
class FileVerdict:
    """What importing one file would do, with everything the dry-run table shows."""

    path: Path
    verdict: str
    message: str = ""
    unit_code: str = ""
    unit_name: str = ""
    sequence: int = 0
    signer: str = ""
    item_count: int = 0
    areas: list[AreaVerdict] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    package: VerifiedPackage | None = None

    @property
    def label(self) -> str:
        return VERDICTS[self.verdict]

    @property
    def importable(self) -> bool:
        return self.verdict in ("new", "newer", "stale")


@dataclass(slots=True)
class ImportSummary:
    imported: list[FileVerdict] = field(default_factory=list)
    skipped: list[FileVerdict] = field(default_factory=list)
    submissions: list[int] = field(default_factory=list)
    cancelled: bool = False

    def line(self) -> str:
        """已导入 2 个…；4 个与已导入的相同（无需重复导入）；未导入 1 个（拒绝 1）— identical files are no failure."""
        n = len(self.submissions)
        same = [fv for fv in self.skipped if fv.verdict == "identical"]
        failed = [fv for fv in self.skipped if fv.verdict != "identical"]
        parts = [f"已导入 {len(self.imported)} 个文件包（{n} 个领域目录）" if self.imported else "没有需要导入的新文件包"]
        if same:
            parts.append(f"{len(same)} 个与已导入的相同（无需重复导入）")
        if failed:
            kinds: dict[str, int] = {}
            for fv in failed:
                label = "未确认导入旧版本" if fv.verdict == "stale" else "已取消" if fv.verdict in ("new", "newer") else fv.label
                kinds[label] = kinds.get(label, 0) + 1
            parts.append(f"未导入 {len(failed)} 个（" + "，".join(f"{k} {v}" for k, v in kinds.items()) + "）")
        return "；".join(parts) + "。" + ("导入已取消，已导入的文件包保持完整。" if self.cancelled else "")


def collect_files(sources: Iterable[Path | str]) -> list[Path]:
    """Files as given, and every .gkpkg inside a given folder (not recursive), in name order."""
    out: list[Path] = []
    for src in sources:
        p = Path(src)
        if p.is_dir():
            out.extend(sorted(x for x in p.iterdir() if x.suffix.lower() == ".gkpkg" and x.is_file()))
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def _require_office(ws: Workspace) -> None:
    if ws.role != ROLE_REVIEW:
        raise DomainError("role_conflict", "只有审核端（市府办政务公开办）可以导入单位报送的文件包。请用 `gongkai init --review-office` 创建审核端工作区。")


def examine(ws: Workspace, path: Path) -> FileVerdict:
    """The verdict for one file; never raises for a bad file (the verdict says why)."""
    try:  # a county office receives units' submissions, a prefecture its counties' (`levels`)
        pkg = verify_package(ws, path, kind=submission_kind(ws), allow_stale=True)
    except PackageError as exc:
        if exc.code == "replayed":
            return _already_imported(path, exc.message)
        verdict = "quarantined" if exc.code in QUARANTINE_CODES else "refused"
        d = exc.details
        return FileVerdict(path, verdict, exc.message, unit_code=str(d.get("unit_code", "")),
                           unit_name=str(d.get("unit_name", "")), signer=str(d.get("digits", "")), details=d)
    except DomainError as exc:
        return FileVerdict(path, "refused", exc.message)
    fv = FileVerdict(path, "new", "", pkg.unit_code, pkg.unit_name, pkg.sequence, pkg.digits,
                     int(pkg.manifest.get("item_count", 0)), package=pkg)
    with ws.session() as s:
        try:  # signed by the unit, but does it make sense? (the registry, areas, templates, comments)
            check_submission(s, pkg)
        except PackageError as exc:
            return FileVerdict(path, "refused", exc.message, pkg.unit_code, pkg.unit_name, pkg.sequence, pkg.digits)
        try:
            check_sequence(s, pkg.unit_code, pkg.sequence, unit_name=pkg.unit_name)
        except PackageError as exc:
            fv.verdict, fv.message, fv.details = "stale", exc.message, exc.details
        seen, current = unit_digests(s, pkg.unit_code)
        waiting = awaiting_answer(s, pkg.unit_code)
    hashes = catalog_hashes(pkg)
    answered = answered_results(pkg)
    for cat in pkg.catalogs:
        area = cat["area_code"]
        digest = hashes[area]
        state = "identical" if (area, digest) in seen else "newer" if area in current else "new"
        state = answers(state, area, answered.get(area), waiting)
        fv.areas.append(AreaVerdict(area, cat["area_name"], len(cat["items"]), state, digest))
    if fv.verdict != "stale":
        states = {a.state for a in fv.areas}
        if states == {"identical"}:
            fv.verdict, fv.message = "identical", "内容与已导入的报送完全相同，无需重复导入。"
        elif "newer" in states:
            fv.verdict = "newer"
    return fv


def _already_imported(path: Path, message: str) -> FileVerdict:
    """A file imported before: still say whose it is and what it holds (it verified the first time)."""
    fv = FileVerdict(path, "identical", message)
    try:
        pkg = read_package(read_source(path))
    except DomainError:
        return fv
    fv.unit_code, fv.unit_name, fv.sequence, fv.signer = pkg.unit_code, pkg.unit_name, pkg.sequence, pkg.digits
    fv.item_count = int(pkg.manifest.get("item_count", 0))
    fv.areas = [AreaVerdict(c["area_code"], c["area_name"], len(c["items"]), "identical") for c in pkg.catalogs]
    return fv


def dry_run(ws: Workspace, sources: Iterable[Path | str], progress: Progress | None = None,
            cancelled: Cancelled | None = None) -> list[FileVerdict]:
    """Examine every file; nothing is written."""
    _require_office(ws)
    files = collect_files(sources)
    out: list[FileVerdict] = []
    for n, path in enumerate(files):
        if cancelled and cancelled():
            break
        if progress:
            progress(n / max(1, len(files)), f"检查 {path.name}")
        out.append(examine(ws, path))
    _mark_copies(out)
    out.sort(key=lambda v: (v.unit_code, v.sequence))
    return out


def _mark_copies(verdicts: list[FileVerdict]) -> None:
    """The same package twice in one batch (a copy in another folder): the second is identical to the first."""
    first: dict[str, FileVerdict] = {}
    for fv in verdicts:
        if fv.package is None or not fv.importable:
            continue
        seen = first.setdefault(fv.package.package_id, fv)
        if seen is not fv:
            fv.verdict, fv.message = "identical", f"与本次的 {seen.path.name} 是同一个文件包，无需重复导入。"


def import_verdicts(ws: Workspace, verdicts: list[FileVerdict], confirm_stale: Iterable[Path] = (),
                    progress: Progress | None = None, cancelled: Cancelled | None = None) -> ImportSummary:
    """Import the files the reviewer confirmed: new and newer ones, stale ones only when confirmed."""
    _require_office(ws)
    confirmed = {Path(p) for p in confirm_stale}
    if any(fv.package is not None and fv.importable and (fv.verdict != "stale" or fv.path in confirmed)
           for fv in verdicts):  # a restorable copy first (issue 14) — but a refusal writes nothing at all
        backups.automatic(ws, backups.BEFORE_IMPORT)
    summary = ImportSummary()
    todo = sorted(verdicts, key=lambda v: (v.unit_code, v.sequence))
    for n, fv in enumerate(todo):
        if cancelled and cancelled():
            summary.cancelled = True
            summary.skipped.extend(todo[n:])
            break
        if progress:
            progress(n / max(1, len(todo)), f"导入 {fv.unit_name or fv.path.name}")
        if fv.package is None or not fv.importable or (fv.verdict == "stale" and fv.path not in confirmed):
            summary.skipped.append(fv)
            continue
        try:
            digests = {a.area_code: a.digest for a in fv.areas}
            summary.submissions.extend(_import_one(ws, fv.package, fv.verdict == "stale", digests))
            summary.imported.append(fv)
        except PackageError as exc:
            fv.verdict, fv.message = ("identical" if exc.code == "replayed" else "refused"), exc.message
            summary.skipped.append(fv)
    if progress:
        progress(1.0, summary.line())
    return summary


def _import_one(ws: Workspace, pkg: VerifiedPackage, allow_stale: bool, digests: dict[str, str]) -> list[int]:
    """One package, one transaction: its catalogs (identical ones skipped), its attachments and its log entry."""
    ids: list[int] = []
    stored = None
    try:  # the write lock: two reviewers importing the same package at once make one submission, not two
        with ws.session(write=True) as s:
            check_not_replayed(s, pkg)
            check_sequence(s, pkg.unit_code, pkg.sequence, allow_stale=allow_stale, unit_name=pkg.unit_name)
            check_submission(s, pkg)  # again, inside the transaction: the registry may have changed since the dry run
            addressed = addressed_comments(pkg)
            seen, current = unit_digests(s, pkg.unit_code)  # again: another file may have come in since
            waiting, answered, replies = awaiting_answer(s, pkg.unit_code), answered_results(pkg), replies_of(pkg)
            hashes = digests or catalog_hashes(pkg)
            for cat in pkg.catalogs:
                area = cat["area_code"]
                if answers("identical" if (area, hashes[area]) in seen else "new", area, answered.get(area),
                           waiting) == "identical":
                    continue
                cat = dict(cat, addressed_comments=addressed.get(area, []), answers_result=answered.get(area),
                           replies=replies.get(area, {}))
                sub = store_submission(s, pkg.manifest, cat, pkg.fingerprint, hashes[area], current.get(area))
                if is_county_submission(pkg):
                    store_provenance(s, sub.id, pkg, area)
                ids.append(sub.id)
                audit.record(s, ws.reviewer, "import", sub.id, f"{pkg.unit_name} 第 {pkg.sequence} 号文件包，领域 {area}")
            record_accepted(s, pkg)
            stored = attachments.store_attachments(ws, s, pkg)
    except BaseException:
        attachments.remove(stored)  # the transaction did not commit: no file may claim it did
        raise
    return ids


def catalog_hashes(pkg: VerifiedPackage) -> dict[str, str]:
    """Area → the SHA-256 of its catalog file, as the signed manifest lists it (checked on reading)."""
    sha = {f["name"]: f["sha256"] for f in pkg.manifest["files"]}
    return {a["code"]: sha[a["file"]] for a in pkg.manifest.get("areas", [])}


def answered_results(pkg: VerifiedPackage) -> dict[str, int]:
    """Area → the review result (its sequence number) the unit's catalog answers (the signed manifest)."""
    return {a["code"]: a["answers_result"] for a in pkg.manifest.get("areas", []) if a.get("answers_result")}


def replies_of(pkg: VerifiedPackage) -> dict[str, dict[str, str]]:
    """Area → comment id → the unit's reply (payload/responses.json, checked like the addressed ids)."""
    raw = pkg.payload.get(RESPONSES_FILE)
    return dict(raw.get("replies", {})) if raw else {}


def addressed_comments(pkg: VerifiedPackage) -> dict[str, list[str]]:
    """Area code → ids of review comments the unit marked addressed (payload/responses.json, checked
    against the schema on reading and against the office's comments by `checks.check_submission`)."""
    raw = pkg.payload.get(RESPONSES_FILE)
    return dict(raw["addressed"]) if raw else {}


def import_files(ws: Workspace, sources: Iterable[Path | str], confirm_stale: Iterable[Path] = (),
                 progress: Progress | None = None, cancelled: Cancelled | None = None) -> tuple[list[FileVerdict], ImportSummary]:
    """Dry run then import, for the command line and scripts."""
    verdicts = dry_run(ws, sources)
    return verdicts, import_verdicts(ws, verdicts, confirm_stale, progress, cancelled)
