"""The closed vocabularies of the national catalog table.

They are part of the national guidance itself (the column headers and the channel checklist of
every published template), so they live in code as constants that storage, validation, packages and
documents all share; the templates and unit registry, which differ by area and county, are data
under ``resources/``.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """A catalog's status (stored as these strings; StrEnum members compare equal to them)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class Decision(StrEnum):
    """The review office's decision on a submission."""

    RETURNED = "returned"
    APPROVED = "approved"


class Applicability(StrEnum):
    """适用情况 of an item against its template."""

    ADOPTED = "adopted"
    ADAPTED = "adapted"
    NOT_APPLICABLE = "not_applicable"


class Role(StrEnum):
    """Whose workspace this is."""

    UNIT = "unit"
    REVIEW_OFFICE = "review_office"

# 公开渠道和载体: the 13 channels in the order the national tables print them.
CHANNELS: tuple[str, ...] = (
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "其他",
)
CHANNEL_OTHER = "其他"

# Spellings seen in published tables, mapped to the canonical channel.
CHANNEL_ALIASES: dict[str, str] = {
    "发布会": "发布会/听证会",
    "听证会": "发布会/听证会",
    "入户/现场宣传": "入户/现场",
    "社区/企事业单位/村公示栏(电子屏)": "社区/企事业单位/村公示栏（电子屏）",
    "社区/企事业单位/村公示栏": "社区/企事业单位/村公示栏（电子屏）",
    "村公示栏": "社区/企事业单位/村公示栏（电子屏）",
    "发布会/听证会等": "发布会/听证会",
    # Spellings units and counties print in their own tables (issue 15); compared without spaces and
    # with half-width brackets. Anything not listed (and not caught by CHANNEL_SUFFIXES) lands in 其他
    # with its text.
    "政府门户网站": "政府网站", "门户网站": "政府网站", "部门网站": "政府网站", "网站": "政府网站",
    "政府信息公开网站": "政府网站", "政府信息公开专栏": "政府网站", "政务公开专栏": "政府网站",
    "微信": "两微一端", "微博": "两微一端", "政务微信": "两微一端", "政务微博": "两微一端",
    "微信公众号": "两微一端", "客户端": "两微一端", "政务新媒体": "两微一端", "两微一端等": "两微一端",
    "浙里办": "两微一端", "浙政钉": "两微一端", "江山发布": "两微一端",
    "新闻发布会": "发布会/听证会", "听证": "发布会/听证会",
    "广播": "广播电视", "电视": "广播电视", "报纸": "纸质媒体", "报刊": "纸质媒体", "纸质": "纸质媒体",
    "公开查询点": "公开查阅点", "查阅点": "公开查阅点", "政府信息公开查阅点": "公开查阅点", "档案馆": "公开查阅点",
    "政务服务大厅": "政务服务中心", "政府服务中心": "政务服务中心", "行政服务中心": "政务服务中心",
    "办事大厅": "政务服务中心", "办事窗口": "政务服务中心", "服务窗口": "政务服务中心", "政务服务窗口": "政务服务中心",
    "便民服务中心": "便民服务站", "乡镇便民服务中心": "便民服务站", "便民服务点": "便民服务站",
    "乡镇(街道)便民服务中心": "便民服务站", "村便民服务站": "便民服务站", "便民服务大厅": "便民服务站",
    "入户": "入户/现场", "现场": "入户/现场",
    "公示栏": "社区/企事业单位/村公示栏（电子屏）", "公示公开栏": "社区/企事业单位/村公示栏（电子屏）",
    "公开栏": "社区/企事业单位/村公示栏（电子屏）", "村务公开栏": "社区/企事业单位/村公示栏（电子屏）",
    "村务公开栏(电子屏)": "社区/企事业单位/村公示栏（电子屏）", "电子屏": "社区/企事业单位/村公示栏（电子屏）",
    "社区公示栏": "社区/企事业单位/村公示栏（电子屏）", "宣传栏": "社区/企事业单位/村公示栏（电子屏）",
    "精准报送": "精准推送", "短信": "精准推送",
}

# A channel spelled with a place or body in front (深圳市公安局网站, 江山市人民政府门户网站, 深圳公安微信公众号):
# its ending says which channel it is. Checked after CHANNEL_ALIASES, longest ending first.
CHANNEL_SUFFIXES: dict[str, str] = {
    "门户网站": "政府网站", "网站": "政府网站", "政务服务网": "政府网站", "政务网": "政府网站",
    "公众号": "两微一端", "微信": "两微一端", "微博": "两微一端", "APP": "两微一端", "app": "两微一端",
    "客户端": "两微一端", "公报": "政府公报", "政务服务中心": "政务服务中心", "政务服务大厅": "政务服务中心",
    "便民服务中心": "便民服务站", "便民服务站": "便民服务站", "公示栏": "社区/企事业单位/村公示栏（电子屏）",
    "公开栏": "社区/企事业单位/村公示栏（电子屏）", "电视台": "广播电视", "日报": "纸质媒体", "晚报": "纸质媒体",
}

AUDIENCES: tuple[str, ...] = ("全社会", "特定群体")
AUDIENCE_ALIASES: dict[str, str] = {"特定群众": "特定群体", "特定对象": "特定群体", "特定人群": "特定群体",
                                    "全社会公开": "全社会", "社会公众": "全社会", "公众": "全社会"}

MODES: tuple[str, ...] = ("主动", "依申请")
MODE_ALIASES: dict[str, str] = {"依申请公开": "依申请", "主动公开": "主动", "申请公开": "依申请"}

LEVELS: tuple[str, ...] = ("县级", "乡级")
# Zhejiang county-level cities print 市级 / 镇街乡 / 村; 市级 is the county level there.
LEVEL_ALIASES: dict[str, str] = {"市级": "县级", "镇街乡": "乡级", "乡、村级": "乡级", "村": "乡级", "村级": "乡级"}

ATTRIBUTES: tuple[str, ...] = ("主动公开", "依申请公开", "不予公开")
ATTRIBUTE_NOT_DISCLOSED = "不予公开"
ATTRIBUTE_ALIASES: dict[str, str] = {"主动": "主动公开", "依申请": "依申请公开", "申请公开": "依申请公开",
                                     "不公开": "不予公开", "免予公开": "不予公开", "不予公开事项": "不予公开"}

# Where an item comes from (来源).
SOURCE_TEMPLATE = "template"
SOURCES: dict[str, str] = {
    "template": "国家标准指引",
    "sanding": "三定方案",
    "power_list": "权责清单",
    "service_list": "公共服务事项清单",
    "other": "其他",
}

# 适用情况 of an item against the template.
APPLICABILITY: dict[str, str] = {
    "adopted": "采用",
    "adapted": "调整采用",
    "not_applicable": "不适用",
}

CATALOG_STATUSES: dict[str, str] = {
    "draft": "编制中",
    "submitted": "已提交",
    "returned": "退回修改",
    "approved": "已通过",
}
STATUS_NOT_STARTED = "未开始"

# The review office's decision on a submission (审核决定).
DECISIONS: dict[str, str] = {"returned": "退回修改", "approved": "通过"}

UNIT_KINDS: dict[str, str] = {"department": "市级部门", "township": "乡镇（街道）", "village": "村（社区）",
                              "enterprise": "公共企事业单位"}
# Above the county the submitters are whole levels of the hierarchy (a prefecture's registry holds its
# counties, a province's its prefectures); they report with the same package kinds.
UPPER_KINDS: dict[str, str] = {"county": "县（市、区）", "prefecture": "设区市"}
SUBMITTER_KINDS: dict[str, str] = {**UNIT_KINDS, **UPPER_KINDS}
# The scope of an aggregate's row (范围): a department's item as it is, or the same item merged across
# the submitters of one kind (townships, villages in a county's catalog; counties in a prefecture's).
AGGREGATE_SCOPES: dict[str, str] = {"county": "县级部门", "township": "乡镇", "village": "村（社区）",
                                    "counties": "各县（市、区）", "prefectures": "各设区市"}

# The item fields a user edits, in the order of the national table, with their Chinese labels.
FIELD_LABELS: dict[str, str] = {
    "level1": "一级事项",
    "level2": "二级事项",
    "content": "公开内容",
    "basis": "公开依据",
    "time_limit": "公开时限",
    "publisher": "公开主体",
    "channels": "公开渠道和载体",
    "channel_other": "其他渠道",
    "audience": "公开对象",
    "mode": "公开方式",
    "levels": "公开层级",
    "attribute": "公开属性",
    "legal_ground": "不予公开依据",
    "applicability": "适用情况",
    "applicability_reason": "不适用理由",
    "remarks": "备注",
    "source": "来源",
    "five_disclosures": "五公开",
}
TEXT_FIELDS: tuple[str, ...] = (
    "level1",
    "level2",
    "content",
    "basis",
    "time_limit",
    "publisher",
    "channel_other",
    "legal_ground",
    "applicability_reason",
    "remarks",
)
SET_FIELDS: tuple[str, ...] = ("channels", "audience", "levels")
CHOICE_FIELDS: dict[str, tuple[str, ...]] = {
    "mode": MODES,
    "attribute": ATTRIBUTES,
    "applicability": tuple(APPLICABILITY),
    "source": tuple(SOURCES),
}
EDITABLE_FIELDS: tuple[str, ...] = (*TEXT_FIELDS, *SET_FIELDS, *CHOICE_FIELDS)

FIVE_DISCLOSURES: tuple[str, ...] = ("决策", "执行", "管理", "服务", "结果")

REVIEW_ROUNDS: tuple[str, ...] = ("第一轮梳理", "第二轮梳理", "总结验收", "发布实施")

# How a legal basis stopped applying (laws.json, the office's additions).
LAW_KINDS: dict[str, str] = {"replaced": "废止并由新法取代", "repealed": "废止", "renamed": "更名"}

# The states a kept version of a catalog reaches (动态调整: every version is kept, read-only).
VERSION_STATES: dict[str, str] = {"draft": "编制中（当前）", "submitted": "已提交", "returned": "退回修改",
                                  "approved": "已通过", "superseded": "已被新版本取代", "published": "已发布"}
