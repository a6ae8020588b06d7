"""The printed lines: one per figure, with the machine and the workload described around them."""

from __future__ import annotations

from typing import Any

REGISTRY_NOTE = " (all of it: 47 departments + 19 townships; the issue's '70' counted 4 units the registry does not have)"


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 0.01:
        return f"{seconds * 1000:.1f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def _verdict(ok: bool | None) -> str:
    return {True: "pass", False: "MISS", None: "—"}[ok]


def format_line(e: dict[str, Any]) -> str:
    """name, median, target, pass/miss, peak memory, baseline median, ratio (and its target)."""
    if "error" in e:
        return f"{e['name']:<20} ERROR: {e['error']}"
    if "skipped" in e:
        return f"{e['name']:<20} skipped: {e['skipped']}"
    if "size_mib" in e:
        info = e.get("info", {})
        deb = f"; {info['deb']}" if info.get("deb") else ""
        return f"{e['name']:<20} {e['size_mib']:>7.0f} MiB  {e['files']} files in {info.get('program', '?')} ({info.get('version', '')}){deb}"
    target = f"< {fmt_time(e['target_s'])}" if e.get("target_s") is not None else ""
    mem = f"{e['peak_rss_mib']:>6.0f} MiB" if e.get("peak_rss_mib") is not None else " " * 10
    if "memory_pass" in e:
        mem += f" (< {e['memory_target_mib']:.0f}: {_verdict(e['memory_pass'])})"
    line = f"{e['name']:<20} {fmt_time(e.get('median_s')):>9}  {target:<10} {_verdict(e['pass']):<5} {mem}"
    if e.get("info", {}).get("program"):  # the frozen program's figures say which program they measured
        line += f"  | {e['info']['program']} ({e['info'].get('version', '')})"
    base = e.get("baseline")
    if base:
        if "skipped" in base:
            line += f"  | baseline {base['name']}: skipped, {base['skipped']}"
        elif "error" in base:
            line += f"  | baseline {base['name']}: ERROR {base['error']}"
        else:
            line += f"  | {base['name']} {fmt_time(base.get('median_s'))}, {base['peak_rss_mib']:.0f} MiB"
            if "ratio" in e:
                line += f"  ratio {e['ratio']:.2f}"
                if "ratio_target" in e:
                    line += f" (≤ {e['ratio_target']:.2f}: {_verdict(e['ratio_pass'])})"
    return line


def header_lines(machine: dict[str, Any], wl: dict[str, Any], quick: bool) -> list[str]:
    v = machine["versions"]
    return [
        f"gongkai_desktop benchmark ({'quick: small sizes, one run — proves it works, not a measurement' if quick else 'full'})",
        f"machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, {machine['platform']}; "
        f"Python {v['python']}, SQLite {v['sqlite']}, Qt {v.get('qt', '?')}; load {machine['load_average_at_start']}",
        "medians; memory = peak resident set of the process that ran only that figure",
        f"{'figure':<20} {'median':>9}  {'target':<10} {'':<5} {'peak mem':>10}  | baseline, ratio ours/theirs",
    ]


def workload_lines(wl: dict[str, Any]) -> list[str]:
    s = wl["sizes"]
    return [
        f"workload: {wl['units']} units of the registry{REGISTRY_NOTE if wl['units'] >= 66 else ''}, "
        f"{wl['catalogs']} catalogs, {wl['items']:,} items "
        f"({s['own_items']} 权责清单 items per unit), {wl['packages']} signed packages, {wl['submissions']} submitted catalogs;",
        f"  big area: {wl['big_unit']} area {wl['big_area']} ({s['big_area']} items; the unit has {wl['unit_catalogs']} "
        f"catalogs, {wl['unit_items']:,} items); Word export: {wl['docx_rows']} rows; "
        f"province: {wl['province_counties']} counties, {wl['province_submissions']:,} catalogs, {wl['province_items']:,} items",
        *([f"  prefecture: {wl['prefecture_counties']} counties forwarded, each {wl['county_rows']:,} county rows: "
           f"{wl['prefecture_submissions']:,} catalogs, {wl['prefecture_items']:,} items"] if "prefecture_items" in wl else []),
    ]
