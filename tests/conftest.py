"""Shared fixtures: a workspace built once per test session and copied per test (Anki's way)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gongkai_desktop.identity import choose_review_office, choose_unit  # noqa: E402
from gongkai_desktop.workspace import DB_FILE, Workspace  # noqa: E402


@pytest.fixture(scope="session")
def base_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated workspace with the shipped reference data, made once."""
    d = tmp_path_factory.mktemp("base-ws")
    Workspace.open(d).close()
    return d


def copy_workspace(base: Path, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(base / DB_FILE, dest / DB_FILE)
    return dest


@pytest.fixture
def new_workspace(base_workspace: Path, tmp_path: Path):
    """A factory: ``new_workspace("name")`` gives a fresh workspace in its own data dir."""
    opened: list[Workspace] = []

    def make(name: str = "ws") -> Workspace:
        ws = Workspace.open(copy_workspace(base_workspace, tmp_path / name))
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        ws.close()


@pytest.fixture
def ws(new_workspace) -> Workspace:
    """A unit workspace (市公安局, responsible for 户籍管理 and 财政预决算)."""
    w = new_workspace("unit")
    choose_unit(w, "市公安局")
    return w


@pytest.fixture
def office_ws(new_workspace) -> Workspace:
    """The review office's workspace."""
    w = new_workspace("office")
    choose_review_office(w)
    return w
