"""Fixtures of the published-site tests: one approved county office and its site, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai_desktop.office.publish import publish_county
from gongkai_desktop.workspace import Workspace
from tests.conftest import copy_workspace
from tests.site.county_site import approved_county


@pytest.fixture(scope="session")
def county_office(base_workspace: Path, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """(office workspace, second area code): approved catalogs of three units in two areas."""
    root = tmp_path_factory.mktemp("county")
    opened: list[Workspace] = []

    def make(name: str) -> Workspace:
        ws = Workspace.open(copy_workspace(base_workspace, root / name))
        opened.append(ws)
        return ws

    office, second = approved_county(make, root)
    yield office, second
    for ws in opened:
        ws.close()


@pytest.fixture(scope="session")
def county_site(county_office, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: ANN001
    """The county's published site (read it, don't change it)."""
    out = tmp_path_factory.mktemp("published") / "site"
    publish_county(county_office[0], out)
    return out
