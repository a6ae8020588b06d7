"""How a catalog table prints on paper: font sizes, column widths, header lines, row heights, pages.

Shared by the Excel and Word exporters so both print the same way. The rules the printed table
keeps (issue 16):

- the text is readable: the body font is 10 pt on A4 and 12 pt on A3, never below 9 pt (A4) /
  10 pt (A3) on paper; the columns are sized to fill the page width at 100 %, so Excel's, WPS's and
  LibreOffice's "fit to width" has nothing to shrink. Only when even the smallest font and the
  narrowest columns cannot fit (every column of the table on A4, one column per channel) does the
  page shrink, and `PrintPlan.note` says so, suggesting A3;
- a header word never breaks in the middle (“一级事/项”, “公开主/体”): each column is at least as wide
  as the longest word of its header, and a header that does not fit on one line is broken between
  its words (`header_words`) by the program itself;
- rows never split across pages and every page starts with a full row: the exporters paginate
  themselves with the row heights estimated here (conservatively, for the narrowest rendering of
  Excel, WPS, Word and LibreOffice), so a merged 一级事项 is restarted — its text repeated — on
  every page it continues onto.

All lengths are points (1/72 inch).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .layout import Column, ExportOptions

# Usable page (width, height) in points, landscape, inside each format's margins.
PAGE: dict[tuple[str, str], tuple[float, float]] = {
    ("xlsx", "A4"): (784.3, 501.7), ("xlsx", "A3"): (1133.0, 748.3),   # margins 0.4 in, top 0.7, bottom 0.6
    ("docx", "A4"): (739.8, 487.6), ("docx", "A3"): (1088.6, 734.2),   # margins 18 mm, top 20 mm, bottom 18 mm
}
BODY_FONT = {"A4": 10.0, "A3": 12.0}
MIN_FONT = {"A4": 9.0, "A3": 10.0}
FONT_STEP = 0.5
CELL_PADDING = 6.0  # left + right space inside a cell, borders included
LINE_FACTOR = {"xlsx": 1.45, "docx": 1.35}  # a line of text: the CJK fonts' own height / Word's exact spacing
ROW_PADDING = {"xlsx": 4.0, "docx": 2.0}
# Excel draws a column ~6 % narrower than LibreOffice: wrap for the narrower one; Word's are exact.
WIDTH_SAFETY = {"xlsx": 0.95, "docx": 0.99}
PAGE_FILL = 0.97  # leave a little of each page free: the estimate must never overflow a page
LATIN_EM = 0.55  # a Latin letter or digit, in ems of the CJK font (conservative)
WRAP_LOSS = 0.3  # ems a wrapped line loses at its end (a Latin word or a closing mark moved down)
SAMPLE_ROWS = 400  # rows looked at to size the columns
TEXT_MIN_CHARS = 4  # a text column holds at least four characters a line …
TEXT_MIN_SHARE = 0.35  # … and at least this share of its natural width (公开内容: 9 characters)
MAX_ROW = 409.0  # Excel's tallest row
WIDTH_PT_NATURAL = 5.6  # a hidden column keeps its natural width (Column.width, in Excel's units)

# Headers the program prints, split into the words a line may break between; any other header
# breaks only before a bracket, after a slash and around 和/及.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "公开内容（要素）": ("公开内容", "（要素）"), "公开渠道和载体": ("公开渠道", "和载体"),
    "不予公开依据": ("不予公开", "依据"), "不适用理由": ("不适用", "理由"), "特定群体": ("特定", "群体"),
    "政务服务中心": ("政务", "服务", "中心"), "便民服务站": ("便民", "服务站"), "公开查阅点": ("公开", "查阅点"),
    "两微一端": ("两微", "一端"), "政府网站": ("政府", "网站"), "政府公报": ("政府", "公报"),
    "广播电视": ("广播", "电视"), "纸质媒体": ("纸质", "媒体"), "精准推送": ("精准", "推送"),
    "社区/企事业单位/村公示栏（电子屏）": ("社区/", "企事业", "单位/", "村公", "示栏", "（电子屏）"),
}
_BREAKS = re.compile(r"(?<=/)|(?=[（(])|(?=[和及])")


def header_words(text: str) -> tuple[str, ...]:
    """The words of a header, in order; a printed header breaks only between them."""
    if text in HEADER_WORDS:
        return HEADER_WORDS[text]
    return tuple(w for w in _BREAKS.split(text) if w) or (text,)


def text_em(text: str) -> float:
    """The printed width of ``text`` in ems: CJK and full-width characters 1, Latin ones `LATIN_EM`.

    Counted from the UTF-8 length (one C call): ASCII is 1 byte, CJK 3.
    """
    n = len(text)
    latin = max(0, (3 * n - len(text.encode("utf-8", "replace"))) // 2)
    return n - latin + LATIN_EM * latin


def wrap_words(words: Sequence[str], em_per_line: float) -> list[str]:
    """Words joined into as few lines as fit ``em_per_line`` (a word longer than a line stays whole)."""
    lines: list[str] = []
    for w in words:
        if lines and text_em(lines[-1] + w) <= em_per_line + 1e-6:
            lines[-1] += w
        else:
            lines.append(w)
    return lines


@dataclass(slots=True)
class PrintPlan:
    """The printed table: fonts, widths (points), header lines, and how tall its rows are."""

    fmt: str
    paper: str
    widths: list[float]
    body: float
    header: float
    scale: float = 1.0
    header_lines: list[list[str]] = field(default_factory=list)
    group_lines: dict[int, list[str]] = field(default_factory=dict)
    grouped: list[bool] = field(default_factory=list)
    hidden: list[bool] = field(default_factory=list)
    _caps: list[float] = field(default_factory=list)

    @property
    def printed_size(self) -> float:
        """The body text's size on paper (after any shrinking to fit the width)."""
        return round(self.body * self.scale, 1)

    @property
    def line_height(self) -> float:
        return LINE_FACTOR[self.fmt] * self.body

    @property
    def page_height(self) -> float:
        """Height available for rows on a page, at the plan's scale (when the page shrinks, counted as if
        it shrank a little less than planned: the application rounds its own scale)."""
        return PAGE[(self.fmt, self.paper)][1] / min(1.0, self.scale * 1.06) * PAGE_FILL

    def note(self) -> str:
        """A Chinese note when the table cannot be printed at the readable size, else ''."""
        if self.printed_size >= MIN_FONT[self.paper] - 0.05:
            return ""
        fewer = "少打印一些列（不选“打印全部列”，公开渠道不用“每个渠道一列”）"
        better = f"，建议选用 A3 纸，或{fewer}" if self.paper == "A4" else f"，建议{fewer}"
        return f"注意：这些列在 {self.paper} 纸上放不下，打印时字号将缩小到约 {self.printed_size:g} 磅{better}。"

    def lines(self, text: str, col: int) -> int:
        """Printed lines of ``text`` in column ``col`` (paragraphs split on line breaks)."""
        if not text:
            return 1
        cap = self._caps[col]
        if "\n" not in text:
            em = text_em(text)
            return 1 if em <= cap else math.ceil(em / max(1.0, cap - WRAP_LOSS))
        return sum(1 if text_em(p) <= cap else math.ceil(text_em(p) / max(1.0, cap - WRAP_LOSS))
                   for p in text.split("\n"))

    def row_height(self, texts: Sequence[str], skip: int = -1) -> float:
        """A data row's height: its tallest cell (column ``skip``, a merged 一级事项, does not count)."""
        most = 1
        hidden = self.hidden
        for c, text in enumerate(texts):
            if text and c != skip and not hidden[c]:
                n = self.lines(text, c)
                if n > most:
                    most = n
        return min(MAX_ROW, most * self.line_height + ROW_PADDING[self.fmt])

    def header_heights(self) -> tuple[float, float]:
        """(group row, header row) heights for the two header rows."""
        line = LINE_FACTOR[self.fmt] * self.header
        pad = ROW_PADDING[self.fmt] + 2
        group = max([len(v) for v in self.group_lines.values()] or [1]) * line + pad
        sub = max([len(h) for h, g in zip(self.header_lines, self.grouped) if g] or [1]) * line + pad
        whole = max([len(h) for h, g in zip(self.header_lines, self.grouped) if not g] or [1]) * line + 2 * pad
        return group, max(sub, whole - group)


def typical_lengths(rows: Sequence[Sequence[str]], ncols: int) -> list[float]:
    """Per column, the length (ems) of its longer texts (the 80th percentile over a sample of rows)."""
    step = max(1, len(rows) // SAMPLE_ROWS)
    sample = rows[::step]
    out = []
    for c in range(ncols):
        ems = sorted(max(text_em(p) for p in (r[c] or "").split("\n")) for r in sample)
        out.append(ems[int(0.8 * (len(ems) - 1))] if ems else 0.0)
    return out


def plan(all_cols: Sequence[Column], fmt: str, paper: str, hidden: Sequence[bool] | None = None,
         lengths: Sequence[float] | None = None) -> PrintPlan:
    """Fonts and widths for ``all_cols`` on ``paper`` (landscape): the largest readable font that fits.

    ``hidden`` columns (kept in an Excel file so it reads back, but not printed) take no room.
    ``lengths`` (`typical_lengths` of the rows) share the width out so that the columns need about
    the same number of lines — a row is as tall as its tallest cell; without them the columns'
    natural widths decide.
    """
    hide = list(hidden) if hidden is not None else [False] * len(all_cols)
    cols = [c for c, h in zip(all_cols, hide) if not h]
    weights = [c.width for c in cols]
    shown_lengths: list[float] | None = None
    if lengths is not None:
        shown_lengths = [n for n, h in zip(lengths, hide) if not h]
        weights = [max(c.width / 2, n) for c, n in zip(cols, shown_lengths)]
    width, _height = PAGE[(fmt, paper)]
    size = BODY_FONT[paper]
    while True:
        widths = _fit(cols, width, size, weights, shown_lengths)
        if widths is not None or size - FONT_STEP < MIN_FONT[paper] - 1e-6:
            break
        size -= FONT_STEP
    scale = 1.0
    if widths is None:  # even the smallest readable font does not fit: the page shrinks
        mins = [_min_width(c, size, narrow=True) for c in cols]
        scale = width / sum(mins)
        widths = mins
    shown = iter(widths)
    full = [c.width * WIDTH_PT_NATURAL if h else next(shown) for c, h in zip(all_cols, hide)]
    return _finish(all_cols, fmt, paper, full, size, scale, hide)


def _header_size(body: float) -> float:
    return body + 0.5 if body < 11 else body


def _min_width(col: Column, body: float, narrow: bool = False, length: float | None = None) -> float:
    """The narrowest a column may be: its header's longest word (whole header for a tick column,
    unless ``narrow``), and a few characters of body text for a text column."""
    hsize = _header_size(body)
    words = header_words(col.header)
    if col.kind in ("tick", "index") and not narrow:
        need = text_em(col.header) * hsize
    else:
        need = max(text_em(w) for w in words) * hsize
    if col.kind == "index":
        need = max(need, 3.0 * body)  # up to five digits
    if col.kind in ("text", "channels", "extra", "custom"):
        chars = TEXT_MIN_SHARE * col.width
        if length is not None:  # a column whose texts are short needs no more than they do
            chars = min(chars, length)
        need = max(need, max(TEXT_MIN_CHARS, chars) * body)
    if col.kind == "tick":
        need = max(need, 2 * body)  # √ with room, or “√其他” text in the 其他 column
    return need / WIDTH_SAFETY["xlsx"] + CELL_PADDING


def _fit(cols: Sequence[Column], width: float, body: float, weights: Sequence[float],
         lengths: Sequence[float] | None = None) -> list[float] | None:
    """Widths filling ``width``: tick and index columns at their minimum, the rest by their weights
    (never below their minimum); None when the minimums alone do not fit."""
    for narrow in (False, True):
        mins = [_min_width(c, body, narrow, lengths[i] if lengths else None) for i, c in enumerate(cols)]
        if sum(mins) <= width:
            break
    else:
        return None
    fixed = {i: mins[i] for i, c in enumerate(cols) if c.kind in ("tick", "index")}
    for _ in range(len(cols)):
        free = [i for i in range(len(cols)) if i not in fixed]
        if not free:
            break
        room = width - sum(fixed.values())
        weight = sum(weights[i] for i in free)
        short = {i: mins[i] for i in free if weights[i] * room / weight < mins[i]}
        if not short:
            break
        fixed.update(short)
    free = [i for i in range(len(cols)) if i not in fixed]
    room = width - sum(fixed.values())
    weight = sum(weights[i] for i in free) or 1.0
    return [fixed.get(i, weights[i] * room / weight) for i in range(len(cols))]


def _finish(cols: Sequence[Column], fmt: str, paper: str, widths: list[float], body: float,
            scale: float, hidden: list[bool]) -> PrintPlan:
    from .layout import group_spans

    hsize = _header_size(body)
    safety = WIDTH_SAFETY[fmt]
    caps = [max(1.0, (w - CELL_PADDING) * safety / body) for w in widths]
    header_caps = [max(1.0, (w - CELL_PADDING) * safety / hsize) for w in widths]
    header_lines = [wrap_words(header_words(c.header), header_caps[i]) for i, c in enumerate(cols)]
    group_lines: dict[int, list[str]] = {}
    for first, last, text in group_spans(cols):
        if cols[first].grouped:
            span = sum(widths[first:last + 1])
            group_lines[first] = wrap_words(header_words(text), max(1.0, (span - CELL_PADDING) * safety / hsize))
    return PrintPlan(fmt, paper, widths, body, hsize, scale, header_lines, group_lines,
                     [c.grouped for c in cols], hidden, caps)


def paginate(heights: Sequence[float], first_page: float, other_pages: float) -> list[int]:
    """Indexes of the rows that start a page after the first (rows are never split).

    ``first_page`` / ``other_pages``: room for rows on the first page (below the title) and on the
    others (below the repeated header).
    """
    starts: list[int] = []
    room, used = first_page, 0.0
    for i, h in enumerate(heights):
        if used + h > room and used > 0:
            starts.append(i)
            room, used = other_pages, 0.0
        used += h
    return starts


def runs_by_page(runs: Sequence[tuple[int, int]], page_starts: Sequence[int]) -> list[tuple[int, int]]:
    """Level-1 runs (first, last) cut where a page starts: each piece is merged on its own page and
    carries the level-1 text there."""
    out: list[tuple[int, int]] = []
    starts = sorted(page_starts)
    k = 0
    for first, last in runs:
        while k < len(starts) and starts[k] <= first:
            k += 1
        j, begin = k, first
        while j < len(starts) and starts[j] <= last:
            out.append((begin, starts[j] - 1))
            begin = starts[j]
            j += 1
        out.append((begin, last))
    return out


@dataclass(slots=True)
class Pages:
    """A table's rows laid out on pages: their heights, the merged 一级事项 pieces, the page starts."""

    heights: list[float]
    pieces: list[tuple[int, int]]
    starts: list[int]


def paginate_rows(heights: Sequence[float], level1_need: Sequence[float], runs: Sequence[tuple[int, int]],
                  first_page: float, other_pages: float, max_breaks: int | None = None) -> Pages:
    """Pages for rows of ``heights`` (level-1 text not counted) whose level-1 runs are merged per page.

    A merged piece must be tall enough for its level-1 text (``level1_need`` of its first row): when
    it is not, its last row grows and the pages are laid out again. With ``max_breaks`` (Excel keeps
    1,023 manual breaks) the rows after the last break are not merged at all, each printing its text.
    """
    plain = list(heights)
    runs = list(runs)
    for _ in range(2):
        pages = _settle(plain, level1_need, runs, first_page, other_pages)
        if max_breaks is None or len(pages.starts) <= max_breaks:
            return pages
        cut = pages.starts[max_breaks - 1]
        runs = [r for first, last in runs for r in _cut_run(first, last, cut)]
        for i in range(cut, len(plain)):
            plain[i] = max(plain[i], level1_need[i])
    pages.starts = pages.starts[:max_breaks]
    return pages


def _cut_run(first: int, last: int, cut: int) -> list[tuple[int, int]]:
    if last < cut:
        return [(first, last)]
    head = [(first, cut - 1)] if first < cut else []
    return head + [(i, i) for i in range(max(first, cut), last + 1)]


def _settle(plain: Sequence[float], level1_need: Sequence[float], runs: Sequence[tuple[int, int]],
            first_page: float, other_pages: float) -> Pages:
    heights = list(plain)
    for _ in range(8):
        starts = paginate(heights, first_page, other_pages)
        pieces = runs_by_page(runs, starts)
        grown = False
        for a, b in pieces:
            have = sum(heights[a:b + 1]) if b > a else heights[a]
            if have + 0.01 < level1_need[a]:
                heights[b] = min(MAX_ROW, heights[b] + level1_need[a] - have)
                grown = True
        if not grown:
            break
    return Pages(heights, pieces, starts)


def note_for(fmt: str, options: ExportOptions) -> str:
    """The note `PrintPlan.note` gives for a catalog printed with these options ('' when readable)."""
    from .layout import columns

    national = options.national
    cols = columns(options, national_only=national and fmt == "docx")
    hidden = [fmt == "xlsx" and national and not c.national for c in cols]
    return plan(cols, fmt, options.paper, hidden).note()
