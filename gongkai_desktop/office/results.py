"""Review results travel back to the unit as packages signed by the review office.

`export_result` packs the decision, the round, the general comment, every comment on items and
fields and the per-item verdicts of one submission. The unit's side (`unit/results.py`) verifies
it against the office key the unit trusts and stores the comments on the catalog.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from .. import durable, settings, userfiles
from ..errors import DomainError, NotFound
from ..models import Setting, Submission
from ..package.build import ExportResult, build_package, package_filename, stage_package
from ..package.jsonsafe import dumps
from ..package.payloads import RESULT_FILE
from ..sequences import next_sequence
from ..workspace import ROLE_REVIEW, Workspace
from . import audit, decisions
from .checks import issued_setting


def export_result(ws: Workspace, submission_id: int, out_path: Path | str | None = None,
                  passphrase: str | None = None) -> ExportResult:
    """Sign and write the review result of a decided submission for its unit (file visible after the commit)."""
    from ..keys import OFFICE_OWNER, ensure_own_key, load_signer

    if ws.role != ROLE_REVIEW:
        raise DomainError("role_conflict", "只有审核端可以生成审核结果文件包。")
    decided = decisions.decisions(ws, submission_id)
    if not decided:
        raise DomainError("not_decided", "该报送尚未作出“退回修改”或“通过”的决定，不能生成审核结果。")
    last = decided[-1]
    ensure_own_key(ws, OFFICE_OWNER, passphrase)
    signer = load_signer(ws, OFFICE_OWNER, passphrase)
    comments = decisions.comments(ws, submission_id)
    verdicts = decisions.verdicts(ws, submission_id)
    with durable.AfterCommit() as files, ws.session(write=True) as s:  # the file appears after the commit
        sub = s.get(Submission, submission_id)
        if sub is None:
            raise NotFound("submission_not_found", f"没有编号为 {submission_id} 的报送记录。")
        office = ws.get(settings.REVIEW_OFFICE) or {"code": "R00", "name": "市府办政务公开办"}
        result = {
            "area_code": sub.area_code, "unit_code": sub.unit_code,
            "submission": {"package_id": sub.package_id, "sequence": sub.sequence, "catalog_version": sub.catalog_version},
            "decision": last.decision, "round": last.round, "reviewer": last.reviewer,
            "decided_at": last.at.isoformat(timespec="seconds"), "general_comment": sub.general_comment,
            "comments": [{"id": c.id, "item_id": c.item_id, "field": c.field, "text": c.text} for c in comments],
            "verdicts": verdicts,
        }
        sequence = next_sequence(ws, s, OFFICE_OWNER)
        package_id = uuid.uuid4().hex
        # what was sent, so the unit's answer can name its general comment (`checks._check_addressed`)
        s.merge(Setting(key=issued_setting(package_id), value={"unit_code": sub.unit_code, "area_code": sub.area_code,
                                                             "submission_id": sub.id}))
        sub.result_sequence = sequence  # what the unit's resubmission will say it answers
        audit.record(s, ws.reviewer, "result", sub.id, f"第 {sequence} 号审核结果：{decisions.DECISIONS[last.decision]}")
        built = build_package("review_result", {"code": office["code"], "name": office["name"]}, {RESULT_FILE: dumps(result)},
                              {"recipient": {"code": sub.unit_code, "name": sub.unit_name},
                               "result": {"area_code": sub.area_code, "decision": last.decision}},
                              signer, sequence=sequence, file_info={RESULT_FILE: {"role": "result"}}, package_id=package_id)
        label = "审核结果-" + ("通过" if last.decision == "approved" else "退回修改")
        name = package_filename(sub.unit_name, [label], sequence)
        path = userfiles.output_path(out_path, name, ws.data_dir / "outbox")
        files.add(stage_package(path, built.data))  # flushed under a temporary name before the commit
    return ExportResult(path=path, package_id=built.manifest["package_id"], sequence=sequence, areas=[sub.area_code],
                        item_count=len(comments), problems_count=0, fingerprint=signer.public.fingerprint)
