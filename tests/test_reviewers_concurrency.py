"""Two reviewer processes on one PostgreSQL office database: no lost update, no duplicate (issue 18).

Both import the same package at the same moment, then write comments and general comments on one
submission through optimistic versions (retrying on a stale view, as the window reloads), and both
try to approve another one. Afterwards: one submission from the package, every comment each process
says it wrote is there, the version counted every write, exactly one decision.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai_desktop.models import AuditEntry, Decision, ReviewComment, Submission
from gongkai_desktop.office import importing, submissions
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.submit import export_submission

AREA = "04"
COUNT = 12
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def office_engine() -> str:
    return "postgresql"


@pytest.mark.timeout(180)
def test_two_reviewer_processes_lose_nothing_and_duplicate_nothing(county, tmp_path) -> None:
    office, units = county
    for name in ("双塔街道", "虎山街道"):
        importing.import_files(office, [export_submission(units[name], [AREA], tmp_path / f"{name}.gkpkg").path])
    subs = {s.unit_name: s.id for s in submissions.list_submissions(office)}
    police = units["市公安局"]
    pkg = export_submission(police, [AREA], tmp_path / "police.gkpkg").path  # both import this one at once
    start = tmp_path / "start"
    procs = [subprocess.Popen([sys.executable, "-m", "tests.reviewer_worker", office.url, str(tmp_path / name), name,
                               str(pkg), str(subs["双塔街道"]), str(subs["虎山街道"]), str(COUNT), str(start)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("张三", "李四")]
    start.touch()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=150)
        assert p.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))

    with office.session(write=False) as s:
        police_subs = s.query(Submission).filter(Submission.unit_code == catalogs.current_unit(police)).all()
        comments = {c.id: c for c in s.query(ReviewComment).filter(ReviewComment.submission_id == subs["双塔街道"])}
        target = s.get(Submission, subs["双塔街道"])
        decided = s.query(Decision).filter(Decision.submission_id == subs["虎山街道"]).all()
        writes = s.query(AuditEntry).filter(AuditEntry.submission_id == subs["双塔街道"], AuditEntry.action != "import").count()
    assert len(police_subs) == 1  # one submission, not two
    assert sorted(len(r["imported"]) for r in results) == [0, 1]
    written = [cid for r in results for cid in r["comments"]]
    assert len(written) == 2 * COUNT and set(written) == set(comments)  # no comment lost
    assert {c.author for c in comments.values()} == {"张三", "李四"}
    generals = sum(r["general"] for r in results)
    assert target.review_version == 2 * COUNT + generals == writes  # every write counted, none overwritten
    assert sorted(r["decision"] for r in results)[0] == "approved" and len(decided) == 1
    assert sorted(r["decision"] for r in results)[1] in ("stale_review", "submission_locked")
