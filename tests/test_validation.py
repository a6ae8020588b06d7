"""Validation rules: every problem names the item, the field and says what is wrong in Chinese."""

from __future__ import annotations

from gongkai_desktop.records import ItemRecord
from gongkai_desktop.validation import states_period, validate_items


def good(**kw) -> ItemRecord:
    base = dict(
        id="a", catalog_id=1, position=0, level1="出生登记", level2="出生登记", content="办理条件",
        basis="《中华人民共和国户口登记条例》", time_limit="信息形成之日起20个工作日内", publisher="市公安局",
        channels=["政府网站"], audience=["全社会"], mode="主动", levels=["县级"], attribute="主动公开",
    )
    base.update(kw)
    return ItemRecord(**base)


def codes(items, required=None) -> set[tuple[str | None, str]]:
    return {(p.field, p.code) for p in validate_items(items, required)}


def test_a_complete_item_has_no_problem() -> None:
    assert validate_items([good()]) == []


def test_each_missing_element_is_reported() -> None:
    got = codes([good(level2="", content=" ", basis="", time_limit="", publisher="", channels=[], audience=[], mode="")])
    assert got >= {("level2", "missing_level2"), ("content", "missing_content"), ("basis", "missing_basis"),
                   ("time_limit", "missing_time_limit"), ("publisher", "missing_publisher"),
                   ("channels", "missing_channels"), ("audience", "missing_audience"), ("mode", "missing_mode")}


def test_not_disclosed_needs_legal_ground() -> None:
    assert ("legal_ground", "not_disclosed_without_ground") in codes([good(attribute="不予公开")])
    assert codes([good(attribute="不予公开", legal_ground="《中华人民共和国政府信息公开条例》第十四条")]) == set()


def test_not_applicable_needs_reason_and_skips_other_checks() -> None:
    assert codes([good(applicability="not_applicable", basis="")]) == {("applicability_reason", "na_without_reason")}
    assert codes([good(applicability="not_applicable", applicability_reason="无此职能", basis="")]) == set()


def test_duplicate_level1_level2_is_reported_once_on_the_second() -> None:
    problems = validate_items([good(id="a"), good(id="b"), good(id="c", level2="死亡注销")])
    dup = [p for p in problems if p.code == "duplicate_name"]
    assert [p.item_id for p in dup] == ["b"] and "重名" in dup[0].message


def test_time_limit_must_state_a_period() -> None:
    assert ("time_limit", "time_limit_no_period") in codes([good(time_limit="及时公开")])
    for ok in ("实时公开", "信息形成之日起二十个工作日内", "公示7个工作日", "长期公开", "本级人大批准后20日内"):
        assert states_period(ok), ok


def test_other_channel_needs_text_and_required_channels_are_checked() -> None:
    assert ("channel_other", "other_channel_empty") in codes([good(channels=["其他"])])
    assert codes([good(channels=["其他"], channel_other="办税服务厅")]) == set()
    item = good(template_code="04-01-01")
    assert ("channels", "required_channel_missing") in codes([item], {"04-01-01": ["政府网站", "入户/现场"]})


def test_problem_messages_are_chinese_and_labelled() -> None:
    p = validate_items([good(basis="")])[0]
    assert p.item_label == "出生登记 / 出生登记" and "公开依据" in p.message
