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


@pytest.fixture
def county(new_workspace, tmp_path):
    """The office, 市公安局 (department) and two townships, keys enrolled, distribution imported (the
    office's fingerprint confirmed by each clerk), each unit's 户籍管理 catalog started."""
    from gongkai_desktop import keys
    from gongkai_desktop.office.distribute import export_distribution
    from gongkai_desktop.unit import catalogs
    from gongkai_desktop.unit.distribution import import_distribution
    from tests.pkg_helpers import enrol_and_confirm

    office = new_workspace("office")
    choose_review_office(office)
    digits = keys.ensure_own_key(office, keys.OFFICE_OWNER).digits  # as the plan's notice prints them
    dist = export_distribution(office, tmp_path / "dist.gkpkg")
    units = {}
    for name in ("市公安局", "双塔街道", "虎山街道"):
        ws = new_workspace(name)
        choose_unit(ws, name)
        import_distribution(ws, dist.path, office_fingerprint=digits)
        enrol_and_confirm(ws, office)
        catalogs.start_catalog(ws, "04")
        units[name] = ws
    return office, units
