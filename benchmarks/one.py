"""Run one figure (or one baseline) in this process and print its timings as JSON on the last line.

`python -m benchmarks.one NAME --workload DIR --runs N [--warmup]`. Each figure runs in a process
of its own so its peak memory (the process's maximum resident set) is its own, and so nothing one
figure imported or cached makes the next one look faster.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .workload import Workload


@dataclass(slots=True)
class Case:
    """What a figure does: ``run`` is timed; ``before`` (untimed) prepares each run; ``info`` describes it."""

    run: Callable[[], Any]
    before: Callable[[], None] | None = None
    after: Callable[[Any], None] | None = None  # untimed: checks the result, cleans up
    info: dict[str, Any] = field(default_factory=dict)
    # a figure that times itself (the cold start: a separate process per run) returns seconds from run()
    self_timed: bool = False
    # a figure that is a quantity, not a time (the frozen program's size): reported as it is, never run
    measured: dict[str, Any] | None = None


class SkipFigure(Exception):
    """A figure that cannot be measured here (no Chromium, no frozen program): reported as skipped, with the reason.

    Recognised by its ``skips_figure`` mark, not its class: run as ``python -m benchmarks.one`` this
    module is ``__main__``, while the figures raise the class of ``benchmarks.one``."""

    skips_figure = True


def peak_rss_mib() -> float:
    """This process's peak resident set. Linux: VmHWM, which starts afresh at exec (ru_maxrss keeps
    the parent's peak across fork + exec, so every figure would report the orchestrator's memory)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kib / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def factory(name: str) -> Callable[[Workload, Path], Case]:
    from . import (
        baselines,
        figures_core,
        figures_frozen,
        figures_import,
        figures_life,
        figures_pg,
        figures_site,
        figures_ui,
    )

    for module in (figures_core, figures_ui, figures_site, figures_import, figures_life, figures_pg, figures_frozen,
                   baselines):
        fn = getattr(module, f"case_{name}", None)
        if fn is not None:
            return fn
    raise SystemExit(f"unknown figure {name!r}")


def measure(name: str, wl: Workload, runs: int, warmup: bool, tmp: Path) -> dict[str, Any]:
    case = factory(name)(wl, tmp)
    if case.measured is not None:
        return {"name": name, **case.measured, "info": case.info}
    times: list[float] = []
    extra_rss: list[float] = []
    for n in range(runs + (1 if warmup else 0)):
        if case.before:
            case.before()
        t0 = time.perf_counter()
        result = case.run()
        elapsed = time.perf_counter() - t0
        if case.self_timed:
            elapsed, rss = result
            extra_rss.append(rss)
        if case.after:
            case.after(result)
        if warmup and n == 0:
            continue
        times.append(elapsed)
    peak = max(extra_rss) if extra_rss else peak_rss_mib()
    return {"name": name, "times": times, "peak_rss_mib": peak, "info": case.info}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.one")
    parser.add_argument("name")
    parser.add_argument("--workload", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", action="store_true")
    args = parser.parse_args(argv)
    wl = Workload.load(args.workload)
    with tempfile.TemporaryDirectory(prefix=f"gk-bench-{args.name}-") as tmp:
        try:
            out = measure(args.name, wl, args.runs, args.warmup, Path(tmp))
        except Exception as exc:  # noqa: BLE001 - reported to the parent as this figure's error
            if getattr(exc, "skips_figure", False):
                out = {"name": args.name, "skipped": str(exc)}
            else:
                traceback.print_exc()
                out = {"name": args.name, "error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(out, ensure_ascii=False))
    return 0 if "error" not in out else 1


if __name__ == "__main__":
    sys.exit(main())
