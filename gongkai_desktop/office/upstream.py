"""The county office's side of the prefecture's review: its signed result, comments and decision.

What a unit does with the county's result (`unit/results.py`), one level up: the county office
verifies the prefecture's review result, checks that it answers a package the county forwarded
(`forward`), for that area and version, and keeps the decision and every comment with the county
row it concerns (its 一级/二级事项 and the units that disclose it, read from the county's current
aggregate), so the office can send the right unit back to work.

The prefecture's key is trusted by fingerprint: the first result is imported only with the digits
the prefecture gave through an independent channel (its notice, a phone call); afterwards only that
key is accepted, and a changed key only when its digits are confirmed again the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field  # an upstream comment has a field named `field`
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import backups, reference, settings, vocab
from ..changes import Changes
from ..errors import DomainError
from ..models import Setting, utcnow
from ..package.errors import PackageError
from ..package.payloads import RESULT_FILE
from ..package.read import VerifiedPackage, read_package
from ..package.signing import PublicKey, fingerprint_digits, normalise_digits
from ..package.verify import check_not_replayed, check_sequence, read_source, record_accepted
from ..workspace import Workspace
from . import audit
from .aggregate import aggregate_area
from .forward import require_reporting_office
from .refs import numbered_ref


@dataclass(slots=True)
class UpstreamComment:
    id: str
    item_id: str | None
    field: str | None
    text: str
    item_label: str
    units: list[str] = dataclass_field(default_factory=list)
    addressed: bool = False  # the county office has dealt with it (已处理): said so in its next forward
    reply: str = ""  # the county office's answer, sent with its next forward


@dataclass(slots=True)
class UpstreamResult:
    package_id: str
    sender: str
    area_code: str
    area_name: str
    decision: str
    round: str
    reviewer: str
    decided_at: str
    general_comment: str
    comments: list[UpstreamComment]
    current: bool = True  # False when the area was forwarded again since the reviewed version
    learned_key: bool = False
    sequence: int = 0  # the result package's number, which the county's next forward answers


def is_upstream_result(ws: Workspace, pkg: VerifiedPackage) -> bool:
    """A review result for this review office from the level above (not one of its own)."""
    if pkg.kind != "review_result" or ws.role != "review_office":
        return False
    try:
        return pkg.unit_code == require_reporting_office(ws)[1].code
    except DomainError:
        return False


def verify_result(ws: Workspace, source: Path | str | bytes, fingerprint: str | None = None) -> VerifiedPackage:
    """Every check `import_result` makes, writing nothing (`gongkai package verify`)."""
    pkg = _read(ws, source)
    with ws.session(write=False) as s:
        learned = _check(s, pkg, pkg.unit_name, fingerprint)
    pkg.trust = "first_contact_upstream" if learned else "upstream"
    return pkg


def _read(ws: Workspace, source: Path | str | bytes) -> VerifiedPackage:
    region, parent = require_reporting_office(ws)
    pkg = read_package(read_source(source))
    if pkg.kind != "review_result":
        raise PackageError("wrong_kind", "这不是审核结果文件包。县级审核端导入单位报送请用 `gongkai review import`。")
    if pkg.unit_code != parent.code:
        raise PackageError("wrong_sender", f"该审核结果来自“{pkg.unit_name[:40]}”，不是{region.name}的上级{parent.name}，已拒绝。")
    if pkg.manifest["recipient"]["code"] != region.code:
        raise PackageError("wrong_recipient", f"该审核结果是发给“{pkg.manifest['recipient']['name'][:40]}”的，不是发给{region.name}的。")
    return pkg


def import_result(ws: Workspace, source: Path | str | bytes, fingerprint: str | None = None) -> UpstreamResult:
    """Verify the prefecture's result and keep it, in one transaction (nothing written when refused)."""
    pkg = _read(ws, source)
    parent = require_reporting_office(ws)[1]
    with ws.session(write=False) as s:  # every refusal before anything is written, the backup included
        learned = _check(s, pkg, parent.name, fingerprint)
    backups.automatic(ws, backups.BEFORE_IMPORT)
    result = pkg.payload[RESULT_FILE]
    labels = _labels(ws, result["area_code"])
    with ws.session() as s:
        learned = _check(s, pkg, parent.name, fingerprint)
        current = _answers(s, pkg)
        if learned:
            settings.write(s, settings.UPSTREAM_KEY, {"algorithm": pkg.signer.algorithm, "public_key": pkg.signer.to_b64(),
                                                      "fingerprint": pkg.fingerprint, "region": parent.code,
                                                      "learned_at": utcnow().isoformat(timespec="seconds")})
        stored = _stored(pkg, parent.name, labels)
        settings.write(s, settings.UPSTREAM_RESULT.of(pkg.package_id), stored)
        if current:
            key = settings.FORWARDED.of(result["area_code"])
            before: dict[str, Any] | None = settings.read(s, key)
            before = before or {}
            settings.write(s, key, {**before, "decision": result["decision"], "result": pkg.package_id})
        record_accepted(s, pkg)
        audit.record(s, ws.reviewer, "upstream_result", None,
                     f"{parent.name}第 {pkg.sequence} 号审核结果：领域 {result['area_code']} {vocab.DECISIONS[result['decision']]}，"
                     f"意见 {len(result['comments'])} 条")
    return _result(ws, pkg.package_id, stored, current, learned)


def _check(s: Session, pkg: VerifiedPackage, sender: str, fingerprint: str | None) -> bool:
    """Trust, replay, sequence, and that it answers what the county forwarded; True when the key is learned now."""
    learned = _trust(s, pkg.signer, sender, fingerprint)
    check_not_replayed(s, pkg)
    check_sequence(s, pkg.unit_code, pkg.sequence, unit_name=sender)
    _answers(s, pkg)
    return learned


def _trust(s: Session, key: PublicKey, sender: str, fingerprint: str | None) -> bool:
    trusted = settings.read(s, settings.UPSTREAM_KEY)
    if trusted and trusted.get("fingerprint") == key.fingerprint:
        return False
    if not fingerprint or not normalise_digits(fingerprint):
        if trusted:
            raise PackageError("upstream_key_changed", f"警告：该审核结果不是用已认可的{sender}密钥签名的（认可的指纹 "
                               f"{fingerprint_digits(trusted['fingerprint'])}，该文件包 {key.digits}），可能被冒充，已拒绝。"
                               f"如{sender}确已更换密钥，请电话核实新指纹后用 --fingerprint 再导入。")
        raise PackageError("upstream_fingerprint_required", f"这是第一次导入{sender}的审核结果，须先核对其密钥指纹：请从{sender}的通知"
                           "或电话中获取指纹（8 组、每组 5 位数字），用 --fingerprint 给出后再导入。核对之前不会改动本工作区。")
    if normalise_digits(fingerprint) != normalise_digits(key.digits):
        raise PackageError("upstream_fingerprint_mismatch", f"输入的指纹与签发该审核结果的密钥不一致，已拒绝。请再次向{sender}核实指纹。")
    return True


def _answers(s: Session, pkg: VerifiedPackage) -> bool:
    """The result must answer a package this county forwarded, for an area in it, at its version;
    returns whether that version is still the one last forwarded."""
    result = pkg.payload[RESULT_FILE]
    reviewed = result["submission"]
    row = s.get(Setting, settings.SENT_PACKAGE.of(reviewed["package_id"]).key)
    sent = row.value if row and isinstance(row.value, dict) else {}
    if sent.get("kind") != "county_submission" or sent.get("sequence") != reviewed["sequence"] \
            or sent.get("areas", {}).get(result["area_code"]) != reviewed["catalog_version"]:
        raise PackageError("result_for_unknown_package",
                           f"该审核结果针对的是本县没有报送过的文件包（第{reviewed['sequence']}号，领域 {result['area_code']}，"
                           f"第 {reviewed['catalog_version']} 版），已拒绝。请与上级核实。")
    last = settings.read(s, settings.FORWARDED.of(result["area_code"])) or {}
    return last.get("version") == reviewed["catalog_version"]


def _labels(ws: Workspace, area_code: str) -> dict[str, tuple[str, list[str]]]:
    """Item id → (一级 / 二级事项, the units that disclose it) from the county's current aggregate."""
    agg = aggregate_area(ws, area_code)
    out: dict[str, tuple[str, list[str]]] = {}
    for row in agg.rows:
        out.setdefault(row.item.id, (f"{row.item.level1} / {row.item.level2}", list(row.units)))
    return out


def _stored(pkg: VerifiedPackage, sender: str, labels: dict[str, tuple[str, list[str]]]) -> dict[str, Any]:
    r = pkg.payload[RESULT_FILE]
    comments = []
    for c in r["comments"]:
        label, units = labels.get(c["item_id"] or "", ("总体" if not c["item_id"] else f"事项 {c['item_id']}", []))
        comments.append({**c, "item_label": label, "units": units})
    return {"sender": sender, "sequence": pkg.sequence, "area_code": r["area_code"], "decision": r["decision"], "round": r["round"],
            "reviewer": r["reviewer"], "decided_at": r["decided_at"], "general_comment": r["general_comment"],
            "comments": comments, "submission": r["submission"]}


def _result(ws: Workspace, package_id: str, v: dict[str, Any], current: bool, learned: bool = False) -> UpstreamResult:
    names = {a.code: a.name for a in reference.list_areas(ws)}
    return UpstreamResult(package_id, v["sender"], v["area_code"], names.get(v["area_code"], v["area_code"]), v["decision"],
                          v["round"], v["reviewer"], v["decided_at"], v["general_comment"],
                          [UpstreamComment(c["id"], c["item_id"], c["field"], c["text"], c["item_label"], list(c["units"]),
                                           bool(c.get("addressed")), str(c.get("reply") or ""))
                           for c in v["comments"]], current, learned, int(v.get("sequence") or 0))


def results(ws: Workspace, area_code: str | None = None) -> list[UpstreamResult]:
    """Every result received from the prefecture (of one area), oldest first."""
    prefix = settings.UPSTREAM_RESULT.prefix + "."
    with ws.session(write=False) as s:
        rows = [(r.key[len(prefix):], r.value) for r in s.scalars(select(Setting).where(Setting.key.like(prefix + "%")))
                if isinstance(r.value, dict)]
        last: dict[str, dict[str, Any]] = {}
        for code in {v["area_code"] for _k, v in rows}:
            forwarded: dict[str, Any] | None = settings.read(s, settings.FORWARDED.of(code))
            last[code] = forwarded or {}
    rows = [(k, v) for k, v in rows if area_code is None or v["area_code"] == area_code]
    rows.sort(key=lambda kv: kv[1]["decided_at"])
    return [_result(ws, k, v, last[v["area_code"]].get("version") == v["submission"]["catalog_version"]) for k, v in rows]



# Answering the level above (issue 19: the same conversation as a unit's with its county) -----------
def comment_numbers(ws: Workspace) -> dict[str, int]:
    """Comment id → its short number across every result received (#1 the first; numbers only grow)."""
    return {c.id: n for n, c in enumerate((c for r in results(ws) for c in r.comments), 1)}


def comment_ref(ws: Workspace, text: str) -> str:
    """A comment of the level above by its number (3 or #3), its id, or a unique beginning (≥ 6)."""
    return numbered_ref(comment_numbers(ws), text, "上级的审核结果中", "gongkai review upstream")


def answer(ws: Workspace, comment_id: str, addressed: bool | None = None, reply: str | None = None) -> Changes:
    """Mark a comment of the level above 已处理 / 未处理 and/or answer it (an empty reply takes the
    answer back); both go with the area's next forward. One undoable entry."""
    from ..package.rules import MAX_TEXT

    if reply is not None and len(reply.strip()) > MAX_TEXT:
        raise DomainError("reply_too_long", f"答复不能超过 {MAX_TEXT} 字。")
    prefix = settings.UPSTREAM_RESULT.prefix + "."
    with ws.operation("答复上级审核意见" if reply else "标记上级意见已处理" if addressed else "标记上级意见未处理") as op:
        for row in op.session.scalars(select(Setting).where(Setting.key.like(prefix + "%"))):
            value = row.value if isinstance(row.value, dict) else {}
            for n, c in enumerate(value.get("comments", [])):
                if c.get("id") != comment_id:
                    continue
                new = dict(c)
                if addressed is not None:
                    new["addressed"] = addressed
                if reply is not None:
                    new["reply"] = reply.strip()
                if new == c:
                    return op.changes
                op.track(Setting.__table__, row.key)
                comments = list(value["comments"])
                comments[n] = new
                row.value = {**value, "comments": comments}
                op.changes.received_comments.add(comment_id)
                return op.changes
        raise DomainError("comment_not_found", "该上级审核意见不存在。请用 `gongkai review upstream` 查看意见号。")

