"""The settings registry: every key declared once with its type, default and scope."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import event

from gongkai_desktop import settings
from gongkai_desktop.identity import choose_unit
from gongkai_desktop.models import Setting as SettingRow

PKG = Path(__file__).resolve().parent.parent / "gongkai_desktop"


def _string_keys_used() -> set[str]:
    """Bare string keys passed to get_setting/set_setting anywhere in the program."""
    out = set()
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("get_setting", "set_setting") \
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                out.add(node.args[0].value)
    return out


def test_every_key_the_program_uses_is_declared() -> None:
    assert all(settings.declared(k) for k in _string_keys_used())
    keys = [s.key for s in settings.ALL]
    assert len(keys) == len(set(keys))  # declared once


def test_an_undeclared_key_is_refused_loudly(ws) -> None:
    with pytest.raises(ValueError, match="undeclared"):
        ws.get_setting("no_such_settting")


def test_values_come_back_typed_and_wrong_types_fall_back_to_the_default(ws) -> None:
    assert ws.get(settings.DEADLINES) == {} and ws.get(settings.COUNTY) == "江山市"
    with ws.session() as s:
        s.merge(SettingRow(key=settings.DEADLINES.key, value="2020-07-31"))  # a string where a dict belongs
    assert ws.get(settings.DEADLINES) == {}
    ws.put(settings.DEADLINES, {"第一轮梳理": "2026-12-31"})
    assert ws.get(settings.DEADLINES) == {"第一轮梳理": "2026-12-31"}
    with pytest.raises(ValueError):
        ws.put(settings.FONT_POINT_SIZE, 12)  # a user preference does not go into the workspace


def test_role_and_unit_are_read_once_per_open_workspace(ws) -> None:
    assert ws.role == "unit" and ws.unit_code == "D06"
    statements: list[str] = []
    event.listen(ws.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    for _ in range(40):
        assert (ws.role, ws.unit_code) == ("unit", "D06")
    assert statements == []
    unit = choose_unit(ws, "市财政局")  # a change goes through the registry and is seen at once
    assert ws.unit_code == unit.code != "D06"


def test_upgrade_runs_each_step_once(ws) -> None:
    with ws.session() as s:
        s.merge(SettingRow(key=settings.SEQUENCE.of("D06").key, value="7"))
        s.merge(SettingRow(key=settings.SETTINGS_VERSION.key, value=0))
    with ws.session() as s:
        settings.upgrade(s)
    assert ws.get(settings.SEQUENCE.of("D06")) == 7
    assert ws.get(settings.SETTINGS_VERSION) == len(settings.UPGRADES)
