"""`python -m benchmarks [--quick] [--only NAME ...]`: the project's benchmark (issue 8).

Builds (or reuses) the synthetic county, runs every figure and its baseline each in a process of its
own, prints one line per figure (median, target, pass/miss, peak memory, baseline median, ratio)
and writes the same as JSON: ``benchmarks/results/latest.json`` (full run) or ``quick.json``.
Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from . import machine
from .config import BASELINES, FIGURE_BY_NAME, FIGURES, FULL, QUICK, Figure, Sizes
from .report import format_line, header_lines, workload_lines
from .workload import DEFAULT_CACHE, ROOT, Workload, ensure_workload, log

RESULTS = Path(__file__).resolve().parent / "results"
NEEDS = {"pandas_read_xlsx": "pandas", "pandas_read_excel": "pandas"}  # baselines that need a package the app itself does not


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes, one run each (CI proves it works)")
    p.add_argument("--only", nargs="+", metavar="NAME", choices=[f.name for f in FIGURES],
                   help="only these figures")
    p.add_argument("--runs", type=int, help="timed runs per fast figure (default 7; quick 1)")
    p.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, help="where the workload is kept between runs")
    p.add_argument("--rebuild", action="store_true", help="build the workload again even when cached")
    p.add_argument("--out", type=Path, help="JSON output (default benchmarks/results/latest.json; "
                   "quick.json with --quick, partial.json with --only)")
    p.add_argument("--no-baselines", action="store_true", help="skip the baselines (faster)")
    return p.parse_args(argv)


def run_one(name: str, wl: Workload, runs: int, warmup: bool) -> dict[str, Any]:
    """One figure or baseline in a fresh process; its JSON line, or an error entry."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PYTHONPATH"] = os.pathsep.join(x for x in (str(ROOT), env.get("PYTHONPATH", "")) if x)
    cmd = [sys.executable, "-m", "benchmarks.one", name, "--workload", str(wl.dir), "--runs", str(runs)]
    if warmup:
        cmd.append("--warmup")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=1800)
    lines = [x for x in proc.stdout.splitlines() if x.startswith("{")]
    out = json.loads(lines[-1]) if lines else {"name": name, "error": f"no result (exit {proc.returncode})"}
    if "error" in out:
        log(f"{name} failed: {out['error']}\n{proc.stderr[-3000:]}")
    out["wall_s"] = round(time.perf_counter() - t0, 1)
    if out.get("times"):
        out["median_s"] = statistics.median(out["times"])
    return out


def baseline_result(name: str, wl: Workload, sizes: Sizes, runs: int, done: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if name in done:
        return done[name]
    module = NEEDS.get(name)
    if module and importlib.util.find_spec(module) is None:
        res = {"name": name, "skipped": f"{module} is not installed (pip install -e '.[bench]')"}
    else:
        b = BASELINES[name]
        log(f"baseline {name} …")
        res = run_one(name, wl, sizes.slow_runs if b.slow else runs, warmup=not b.slow and runs > 1)
    res["label"] = BASELINES[name].label
    done[name] = res
    return res


def evaluate(fig: Figure, res: dict[str, Any], base: dict[str, Any] | None) -> dict[str, Any]:
    """The figure's entry in the JSON: medians, target checks, ratio."""
    entry: dict[str, Any] = {"name": fig.name, "label": fig.label, "target_s": fig.target_s, **res}
    median = res.get("median_s")
    entry["pass"] = None if median is None or fig.target_s is None else median < fig.target_s
    if fig.memory_target_mib is not None and res.get("peak_rss_mib") is not None:
        entry["memory_target_mib"] = fig.memory_target_mib
        entry["memory_pass"] = res["peak_rss_mib"] < fig.memory_target_mib
    if base is not None:
        entry["baseline"] = base
        if median is not None and base.get("median_s"):
            entry["ratio"] = median / base["median_s"]
            if fig.ratio_target is not None:
                entry["ratio_target"] = fig.ratio_target
                entry["ratio_pass"] = entry["ratio"] <= fig.ratio_target
    return entry


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes: Sizes = QUICK if args.quick else FULL
    runs = args.runs or sizes.runs
    started = time.perf_counter()
    info = machine.describe()
    wl = ensure_workload(sizes, args.cache_dir, args.rebuild)
    figures = [FIGURE_BY_NAME[n] for n in args.only] if args.only else list(FIGURES)
    for line in header_lines(info, wl.info, quick=args.quick):
        print(line, flush=True)
    entries, baselines_done = [], {}
    failed = False
    for fig in figures:
        log(f"figure {fig.name} …")
        res = run_one(fig.name, wl, sizes.slow_runs if fig.slow else runs, warmup=not fig.slow and runs > 1)
        base = None
        if fig.baseline and not args.no_baselines:
            base = baseline_result(fig.baseline, wl, sizes, runs, baselines_done)
        entry = evaluate(fig, res, base)
        failed |= "error" in res or bool(base and "error" in base)
        entries.append(entry)
        print(format_line(entry), flush=True)
    for line in workload_lines(wl.info):
        print(line)
    result = {"mode": "quick" if args.quick else "full", "machine": info, "workload": wl.info,
              "runs": {"fast": runs, "slow": sizes.slow_runs}, "figures": entries,
              "total_seconds": round(time.perf_counter() - started, 1)}
    out = args.out or RESULTS / ("quick.json" if args.quick else "partial.json" if args.only else "latest.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written to {out} ({result['total_seconds']} s in all)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
