"""What a signed submission must mean before the review office takes it: checked against the registry.

A valid signature from a registered unit proves who sent the package, not that what it says makes
sense. Before anything is stored (and in `gongkai package verify`): the unit's code and name are
the registry's; every area exists under its own name and is one the registry gives this unit; every
template code exists in that area's templates, and the template version is one the office knows;
every review comment the unit says it addressed is one the office sent to this unit for that area.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import settings
from ..models import Area, Setting, Template, TemplateItem, Unit, UnitArea
from ..models.review import ReviewComment, Submission
from ..package.errors import PackageError
from ..package.payloads import RESPONSES_FILE
from ..package.read import VerifiedPackage

ISSUED_PREFIX = settings.ISSUED_RESULT.prefix + "."


def issued_setting(package_id: str) -> str:
    """Where the office records a review result it sent (`office.results`), for the general comment's id."""
    return settings.ISSUED_RESULT.of(package_id).key


def _refuse(code: str, message: str) -> PackageError:
    return PackageError(code, f"{message}，已拒绝。签名有效只说明文件包来自该单位的密钥，内容仍须与单位名册一致；请联系该单位核实后重新导出。")


def check_submission(s: Session, pkg: VerifiedPackage, *, office: bool = True) -> None:
    """Raise `PackageError` when a submission's content contradicts the registry or the office's records.

    ``office=False`` (a unit checking its own package) skips the addressed comments, which only the
    office can know.
    """
    unit = s.get(Unit, pkg.unit_code)
    if unit is None:
        raise _refuse("unknown_unit", f"单位名册中没有编号为 {pkg.unit_code} 的单位")
    if pkg.unit_name != unit.name:
        raise _refuse("unit_name_mismatch", f"文件包中的单位名称“{pkg.unit_name[:40]}”与单位名册中 {unit.code} 的名称“{unit.name}”不一致")
    names = dict(s.execute(select(Area.code, Area.name)).all())
    responsible = set(s.scalars(select(UnitArea.area_code).where(UnitArea.unit_code == unit.code)))
    for cat in pkg.catalogs:
        code = cat["area_code"]
        if code not in names:
            raise _refuse("unknown_area", f"领域 {code} 不存在")
        if cat["area_name"] != names[code]:
            raise _refuse("area_name_mismatch", f"领域 {code} 的名称“{cat['area_name'][:40]}”与“{names[code]}”不一致")
        if code not in responsible:
            raise _refuse("not_responsible", f"单位名册中{unit.name}不负责“{names[code]}”领域")
        _check_template(s, cat)
    if pkg.kind == "county_submission":
        _check_recipient(s, pkg)
    if office:
        _check_addressed(s, pkg)


def _check_recipient(s: Session, pkg: VerifiedPackage) -> None:
    """A county's submission names the prefecture it is for: this one (not a neighbour's)."""
    own = settings.read(s, settings.REVIEW_OFFICE) or {}
    to = pkg.manifest["recipient"]
    if own.get("code") != to["code"]:
        raise _refuse("wrong_recipient", f"该文件包是报送给“{to['name'][:40]}”的，不是报送给{own.get('name', '本审核端')}的")


def _check_template(s: Session, cat: dict[str, Any]) -> None:
    area = cat["area_code"]
    versions = set(s.scalars(select(Template.version).where(Template.area_code == area)))
    if cat["template_version"] and cat["template_version"] not in versions:
        raise _refuse("unknown_template", f"领域 {area} 没有 {cat['template_version'][:32]} 版的国家标准指引模板")
    used = {it["template_code"] for it in cat["items"]} - {None}
    if not used:
        return
    known = set(s.scalars(select(TemplateItem.code).join(Template, Template.id == TemplateItem.template_id)
                          .where(Template.area_code == area)))
    unknown = sorted(used - known)
    if unknown:
        raise _refuse("unknown_template_code", f"领域 {area} 的模板中没有事项编号 {'、'.join(c[:16] for c in unknown[:3])}"
                      + (f" 等 {len(unknown)} 个" if len(unknown) > 3 else ""))


def _check_addressed(s: Session, pkg: VerifiedPackage) -> None:
    """Addressed ids: comments the office made on this unit's submissions of that area, or the
    general comment of a review result it sent for that area (``<result package id>-general``)."""
    raw = pkg.payload.get(RESPONSES_FILE) or {"addressed": {}}
    answered = {a: list(dict.fromkeys([*raw["addressed"].get(a, []), *raw.get("replies", {}).get(a, {})]))
                for a in {*raw["addressed"], *raw.get("replies", {})}}
    for area, ids in answered.items():
        if not ids:
            continue
        sent = set(s.scalars(select(ReviewComment.id).join(Submission, Submission.id == ReviewComment.submission_id)
                             .where(Submission.unit_code == pkg.unit_code, Submission.area_code == area,
                                    ReviewComment.id.in_(ids))))
        for cid in ids:
            if cid in sent:
                continue
            issued = s.get(Setting, issued_setting(cid[:-len("-general")])) if cid.endswith("-general") else None
            value = issued.value if issued else None
            if not value or (value.get("unit_code"), value.get("area_code")) != (pkg.unit_code, area):
                raise _refuse("unknown_comment", f"文件包说已处理的审核意见“{cid[:40]}”不是市府办就领域 {area} 发给该单位的意见")
