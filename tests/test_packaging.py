"""Packaging: a non-editable install carries every code folder and the shipped data."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_code_folder_is_a_listed_package() -> None:
    listed = set(config()["packages"])
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "gongkai_desktop").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert folders - listed == set()


def test_every_resource_folder_is_installed_with_its_files() -> None:
    cfg = config()
    assert cfg["package-dir"]["gongkai_desktop._resources"] == "resources"
    for folder in [ROOT / "resources", *[d for d in (ROOT / "resources").rglob("*") if d.is_dir()]]:
        package = ".".join(["gongkai_desktop._resources", *folder.relative_to(ROOT / "resources").parts])
        assert package in cfg["packages"], package
        patterns = cfg["package-data"][package]
        for f in folder.iterdir():
            if f.is_file():
                assert any(f.match(p) for p in patterns), f
