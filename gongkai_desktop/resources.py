"""Load and validate the data the app ships: areas, national templates, unit registries.

Every file is checked when loaded so a broken file (shipped or supplied by another county) is
refused with a Chinese message naming the file and the entry, instead of surfacing later as a
half-loaded catalog.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import vocab
from .errors import ResourceError

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
if not (RESOURCES / "areas.json").is_file():  # installed or frozen: shipped inside the package
    RESOURCES = Path(__file__).resolve().parent / "_resources"

CODE_RE = re.compile(r"^(\d{2})-(\d{2})-(\d{2})$")


@dataclass
class AreaSpec:
    code: str
    number: str
    name: str
    level1: list[str]
    level1_open_ended: bool
    responsible_text: str


@dataclass
class TemplateSpec:
    area_code: str
    area_name: str
    version: str
    document: str
    notes: str
    level1: list[str]
    items: list[dict[str, Any]]


@dataclass
class UnitSpec:
    code: str
    name: str
    kind: str
    aliases: list[str]
    areas: list[str]
    parent: str | None = None  # a village or community: its township's code


@dataclass
class RegistrySpec:
    county: str
    review_office: dict[str, str]
    units: list[UnitSpec] = field(default_factory=list)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ResourceError("resource_missing", f"找不到数据文件 {path.name}。请重新安装本软件。") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResourceError("resource_malformed", f"数据文件 {path.name} 格式错误（{exc}），无法读取。") from exc


def _fail(path: Path, what: str) -> ResourceError:
    return ResourceError("resource_invalid", f"数据文件 {path.name} 有误：{what}")


def load_areas(path: Path | None = None) -> list[AreaSpec]:
    path = path or RESOURCES / "areas.json"
    data = _read_json(path)
    areas = []
    for i, raw in enumerate(data.get("areas", []), 1):
        try:
            spec = AreaSpec(
                code=raw["code"],
                number=raw["number"],
                name=raw["name"],
                level1=list(raw["level1"]),
                level1_open_ended=bool(raw.get("level1_open_ended", False)),
                responsible_text=raw.get("responsible_text", ""),
            )
        except (KeyError, TypeError) as exc:
            raise _fail(path, f"第 {i} 个领域缺少 {exc}") from exc
        if spec.code != f"{i:02d}" or not spec.level1:
            raise _fail(path, f"第 {i} 个领域编号或一级事项不正确")
        areas.append(spec)
    if len(areas) != 26:
        raise _fail(path, f"应有 26 个试点领域，实际 {len(areas)} 个")
    return areas


def _check_values(path: Path, code: str, item: dict[str, Any]) -> None:
    def bad(field_name: str, value: object) -> ResourceError:
        return _fail(path, f"事项 {code} 的 {field_name} 取值“{value}”不在允许范围内")

    for key in ("channels_required", "channels_optional"):
        for ch in item.get(key, []):
            if ch not in vocab.CHANNELS:
                raise bad(key, ch)
    for a in item.get("audience", []):
        if a not in vocab.AUDIENCES:
            raise bad("audience", a)
    for lv in item.get("levels", []):
        if lv not in vocab.LEVELS:
            raise bad("levels", lv)
    if item.get("mode", "") not in ("", *vocab.MODES):
        raise bad("mode", item["mode"])
    if item.get("attribute", "") not in ("", *vocab.ATTRIBUTES):
        raise bad("attribute", item["attribute"])
    if item.get("wording", "drafted") not in ("confirmed", "drafted"):
        raise bad("wording", item["wording"])


TEXT_KEYS = ("level1", "level2", "content", "basis", "time_limit", "publisher", "channel_other", "evidence")


def validate_template(path: Path, data: dict[str, Any], area: AreaSpec) -> TemplateSpec:
    """Check a template against the plan's area and the vocabulary; return it normalised."""
    if data.get("format") != "gongkai-template":
        raise _fail(path, "不是标准指引模板文件（format 字段不对）")
    if data.get("area_code") != area.code:
        raise _fail(path, f"领域编号应为 {area.code}")
    level1 = list(data.get("level1", []))
    if level1[: len(area.level1)] != area.level1 or (len(level1) > len(area.level1) and not area.level1_open_ended):
        raise _fail(path, f"一级事项应与行动计划一致：{'、'.join(area.level1)}")
    items = []
    seen: set[str] = set()
    for raw in data.get("items", []):
        code = str(raw.get("code", ""))
        m = CODE_RE.match(code)
        if not m or m.group(1) != area.code or code in seen:
            raise _fail(path, f"事项编号“{code}”格式错误或重复")
        seen.add(code)
        l1 = raw.get("level1", "")
        if l1 not in level1 or int(m.group(2)) != level1.index(l1) + 1:
            raise _fail(path, f"事项 {code} 的一级事项“{l1}”与编号不符")
        _check_values(path, code, raw)
        item: dict[str, Any] = {k: str(raw.get(k, "") or "") for k in TEXT_KEYS}
        item.update(
            code=code,
            channels_required=list(raw.get("channels_required", [])),
            channels_optional=list(raw.get("channels_optional", [])),
            audience=list(raw.get("audience", [])),
            levels=list(raw.get("levels", [])),
            mode=raw.get("mode", "") or "",
            attribute=raw.get("attribute", "") or "主动公开",
            wording=raw.get("wording", "drafted"),
        )
        items.append(item)
    missing = [l1 for l1 in level1 if not any(i["level1"] == l1 for i in items)]
    if missing:
        raise _fail(path, f"一级事项“{'、'.join(missing)}”下没有二级事项")
    items.sort(key=lambda i: i["code"])
    return TemplateSpec(
        area_code=area.code,
        area_name=str(data.get("area_name", area.name)),
        version=str(data.get("template_version", "")) or "1",
        document=str(data.get("document", "")),
        notes=str(data.get("notes", "")),
        level1=level1,
        items=items,
    )


def load_templates(areas: list[AreaSpec] | None = None, directory: Path | None = None) -> list[TemplateSpec]:
    """Every shipped template; an area without a file yet gets none (validation will say so)."""
    areas = areas or load_areas()
    directory = directory or RESOURCES / "templates"
    out = []
    for area in areas:
        path = directory / f"{area.code}.json"
        if path.exists():
            out.append(validate_template(path, _read_json(path), area))
    return out


def load_registry(path: Path | None = None, areas: list[AreaSpec] | None = None) -> RegistrySpec:
    """A county's unit registry (the shipped one is 江山市's)."""
    path = path or RESOURCES / "units" / "jiangshan.json"
    return parse_registry(_read_json(path), path, areas)


def parse_registry(data: Any, path: Path, areas: list[AreaSpec] | None = None) -> RegistrySpec:
    """Check a registry's content (from a file, or as stored in a workspace)."""
    if not isinstance(data, dict) or data.get("format") != "gongkai-unit-registry":
        raise _fail(path, "不是单位名册文件（format 字段不对）")
    area_codes = {a.code for a in (areas or load_areas())}
    units: list[UnitSpec] = []
    codes: set[str] = set()
    for raw in data.get("units", []):
        try:
            unit = UnitSpec(str(raw["code"]), str(raw["name"]), str(raw["kind"]), list(raw.get("aliases", [])),
                            list(raw.get("areas", [])), str(raw["parent"]) if raw.get("parent") else None)
        except (KeyError, TypeError, AttributeError) as exc:
            raise _fail(path, f"单位缺少 {exc}") from exc
        if unit.code in codes or unit.kind not in vocab.SUBMITTER_KINDS:
            raise _fail(path, f"单位 {unit.code} 编号重复或类型不正确")
        unknown = set(unit.areas) - area_codes
        if unknown:
            raise _fail(path, f"单位 {unit.name} 负责的领域 {','.join(sorted(unknown))} 不存在")
        codes.add(unit.code)
        units.append(unit)
    return RegistrySpec(county=str(data.get("county", "")), review_office=dict(data.get("review_office", {})), units=units)


# Legal bases that were repealed or replaced (laws.json) ---------------------------------------------
LAW_KINDS = vocab.LAW_KINDS


@dataclass
class LawSpec:
    """A repealed or replaced law or regulation: its full title (without 《》), the successor, the
    date it stopped applying and where that is written."""

    name: str
    successor: str
    effective: str  # ISO date
    kind: str
    source: str
    aliases: list[str] = field(default_factory=list)


def parse_laws(data: Any, path: Path) -> list[LawSpec]:
    """Check a list of law changes (the shipped file, or the office's in a distribution)."""
    from datetime import date

    if not isinstance(data, dict) or data.get("format") != "gongkai-law-changes" or not isinstance(data.get("laws"), list):
        raise _fail(path, "不是法律法规变更清单（format 字段不对）")
    out: list[LawSpec] = []
    seen: set[str] = set()
    for n, raw in enumerate(data["laws"], 1):
        if not isinstance(raw, dict):
            raise _fail(path, f"第 {n} 条格式不对")
        texts = {k: raw.get(k, "") for k in ("name", "successor", "effective", "kind", "source")}
        if not all(isinstance(v, str) for v in texts.values()):
            raise _fail(path, f"第 {n} 条的字段应为文字")
        name = texts["name"].strip().strip("《》")
        successor = texts["successor"].strip().strip("《》")
        if not name or len(name) > 128 or len(successor) > 128 or name in seen:
            raise _fail(path, f"第 {n} 条的名称为空、过长或重复")
        if texts["kind"] not in LAW_KINDS:
            raise _fail(path, f"“{name}”的类型应为 {'、'.join(LAW_KINDS)} 之一")
        if texts["kind"] != "repealed" and not successor:
            raise _fail(path, f"“{name}”被取代或更名时须写明新法的名称（废止且没有新法的，类型写 repealed）")
        try:
            date.fromisoformat(texts["effective"])
        except ValueError:
            raise _fail(path, f"“{name}”的生效日期“{texts['effective']}”应写成 2021-01-01") from None
        if not texts["source"].strip() or len(texts["source"]) > 2000:
            raise _fail(path, f"“{name}”须写明出处（新法的附则条文或废止决定）")
        aliases = raw.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and 0 < len(a) <= 128 for a in aliases):
            raise _fail(path, f"“{name}”的别名格式不对")
        seen.add(name)
        out.append(LawSpec(name, successor, texts["effective"], texts["kind"], texts["source"].strip(), list(aliases)))
    return out


def load_laws(path: Path | None = None) -> list[LawSpec]:
    path = path or RESOURCES / "laws.json"
    return parse_laws(_read_json(path), path)


def office_area_spec(code: str, number: str, name: str, level1: list[str]) -> AreaSpec:
    """An area the review office defined (其他领域): its templates may add level-1 items of their own."""
    return AreaSpec(code=code, number=number, name=name, level1=list(level1), level1_open_ended=True,
                    responsible_text="")


if __name__ == "__main__":  # python -m gongkai_desktop.resources: check the shipped data
    a = load_areas()
    t = load_templates(a)
    r = load_registry(areas=a)
    laws = load_laws()
    print(f"{len(a)} areas, {len(t)} templates, {sum(len(x.items) for x in t)} template items, {len(r.units)} units, "
          f"{len(laws)} repealed laws")
