"""`dialogdraw bench intent --profile`: where a decision's time goes, as a table.

The sections are those of core.intent.timing, timed inside the decoder; "other" is what
the decision's latency holds beyond them (the Python between the sections, waiting for
the lock or a batch).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from rich.table import Table

from core.intent.timing import SECTIONS, Profile


def profile_table(latencies: Sequence[float], profiles: Sequence[Profile]) -> Table:
    """One typical decision (the median latency) beside the sum over all of them."""
    order = sorted(range(len(latencies)), key=lambda i: latencies[i])
    typical = order[len(order) // 2]
    total = Profile()
    for profile in _distinct(profiles):
        total.add(profile)
    table = Table(title="where a decision's time goes (ms; exclusive per section)")
    for column in ("section", "typical", "share", f"all {len(latencies)}", "share", "calls"):
        table.add_column(column, justify="right")
    one, one_ms = profiles[typical], latencies[typical]
    all_ms = sum(latencies) if len(_distinct(profiles)) == len(profiles) else total.total_ms()
    for name in [*SECTIONS, "other"]:
        if name == "other":
            a, b, calls = one_ms - one.total_ms(), all_ms - total.total_ms(), ""
        else:
            a, b, calls = one.ms[name], total.ms[name], _calls(total, name)
        table.add_row(name, f"{a:.1f}", _share(a, one_ms), f"{b:.0f}", _share(b, all_ms), calls)
    table.add_row("total", f"{one_ms:.1f}", "", f"{all_ms:.0f}", "", "")
    return table


def profile_figures(latencies: Sequence[float], profiles: Sequence[Profile]) -> dict[str, Any]:
    """The aggregate as JSON: ms per section, model calls and tokens fed."""
    total = Profile()
    for profile in _distinct(profiles):
        total.add(profile)
    return {
        "ms": {name: round(total.ms[name], 1) for name in SECTIONS if total.ms[name]},
        "model_calls": {n: total.calls[n] for n in ("prefill", "decode") if total.calls[n]},
        "tokens_fed": {n: total.tokens[n] for n in ("prefill", "decode") if total.tokens[n]},
        "median_latency_ms": round(statistics.median(latencies), 1),
    }


def _distinct(profiles: Sequence[Profile]) -> list[Profile]:
    """Decisions of one batch share their batch's profile: counted once."""
    return list({id(p): p for p in profiles}.values())


def _calls(total: Profile, name: str) -> str:
    calls = total.calls[name]
    if name in ("prefill", "decode") and calls:
        return f"{calls} ({total.tokens[name]} tok)"
    return str(calls) if calls else ""


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole > 0 else ""
