"""The core's type hints are checked, not decorative (issue 12: "type hints that mypy checks").

Runs mypy with the project's configuration (pyproject.toml [tool.mypy]) over the whole package; a
wrong argument type, a forgotten ``None`` case or a variable reused with another type in any core
module fails this test with mypy's own report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api", reason="mypy is in the test extras: pip install -e '.[test]'")

ROOT = Path(__file__).resolve().parents[1]


def test_core_type_checks_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    stdout, stderr, status = api.run(["--cache-dir", str(ROOT / ".mypy_cache")])
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert status == 0 and not errors, "mypy findings:\n" + "\n".join(errors or [stdout, stderr])


def test_mypy_sees_a_wrong_type(tmp_path: Path) -> None:
    """The check is live: the same configuration reports a deliberately wrong call."""
    bad = tmp_path / "bad.py"
    bad.write_text('from gongkai_desktop.names import key\n\nkey(42, "x")\n', encoding="utf-8")
    stdout, _, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), str(bad)])
    assert status == 1 and "arg-type" in stdout
