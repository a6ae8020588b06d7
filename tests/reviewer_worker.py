"""One reviewer's process for tests/test_reviewers_concurrency.py: the same office database, its own data folder.

Run as ``python -m tests.reviewer_worker URL DATA_DIR NAME PACKAGE COMMENT_ON DECIDE_ON COUNT START_FILE``;
prints one JSON line with what it did (comments created, refusals met, its decision's outcome).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from gongkai_desktop import settings
from gongkai_desktop.errors import DomainError
from gongkai_desktop.office import decisions, importing, submissions
from gongkai_desktop.workspace import Workspace


def main(url: str, data_dir: str, name: str, package: str, comment_on: int, decide_on: int, count: int,
         start_file: str) -> dict:
    ws = Workspace.open(data_dir, url=url)
    ws.put(settings.REVIEWER_NAME, name)
    deadline = time.monotonic() + 30
    while not Path(start_file).exists() and time.monotonic() < deadline:  # both start together
        time.sleep(0.01)
    done: dict = {"imported": [], "comments": [], "stale": 0, "general": 0, "decision": ""}
    done["imported"] = importing.import_files(ws, [Path(package)])[1].submissions
    for n in range(count):
        while True:  # as the window does: on a stale view, reload and try again
            seen = submissions.get_submission(ws, comment_on).review_version
            try:
                done["comments"].append(decisions.add_comment(ws, comment_on, f"{name} 的第 {n} 条意见",
                                                              expected_version=seen).created[0])
                break
            except DomainError as exc:
                if exc.code != "stale_review":
                    raise
                done["stale"] += 1
        seen = submissions.get_submission(ws, comment_on).review_version
        try:
            decisions.set_general_comment(ws, comment_on, f"{name} 写的总体意见 {n}", expected_version=seen)
            done["general"] += 1
        except DomainError as exc:
            if exc.code != "stale_review":
                raise
            done["stale"] += 1
    seen = submissions.get_submission(ws, decide_on).review_version
    try:
        decisions.decide(ws, decide_on, "approved", "第一轮梳理", expected_version=seen, accept_problems=True)
        done["decision"] = "approved"
    except DomainError as exc:
        done["decision"] = exc.code
    ws.close()
    return done


if __name__ == "__main__":
    a = sys.argv[1:]
    print(json.dumps(main(a[0], a[1], a[2], a[3], int(a[4]), int(a[5]), int(a[6]), a[7]), ensure_ascii=False))
