"""`dialogdraw bench intent`: what a decision costs, measured the way the bot decides.

By default the model, adapter, n-best and threads are the bot's own settings: one reading
decoded, the runner-up skills ranked from the same forward pass (their arguments are
decoded only after a 👎, so they are not on the turn's path). `--n-best N` decodes N
readings eagerly instead, for comparison. `--concurrency N` runs N conversations at once,
each its own turns in order, and reports decisions per second (conversations asking at
the same time are decided in one batch, as in the bot). `--profile` shows where a decision's
time goes (core.intent.timing).
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import threading
import time
from pathlib import Path
from typing import Annotated, Any

import torch
import typer
from rich.console import Console
from rich.table import Table

from core.dialogue import DialogueMessage, ImageInfo, PredictionRequest
from core.intent.model import TransformersIntentModel
from core.intent.prompt import intent_prompt
from core.intent.timing import Profile
from core.settings import Settings
from dialogdraw.bench_intent_profile import profile_figures, profile_table
from dialogdraw.cmd_intent import AdapterOption, ModelOption, load_model
from training.intent_metrics import read_dialogues

stdout = Console()


def register(bench_app: typer.Typer) -> None:
    bench_app.command("intent")(bench_intent)


def bench_intent(
    n: Annotated[int, typer.Option("--n", help="decisions to time")] = 50,
    baseline_n: Annotated[
        int, typer.Option("--baseline-n", help="plain generate runs to time (slow); 0: none")
    ] = 10,
    n_best: Annotated[
        int | None,
        typer.Option(
            "--n-best",
            help="readings decoded per decision; default: the bot's (one, runner-ups ranked)",
        ),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", help="conversations deciding at once")
    ] = 1,
    data: Annotated[
        Path | None, typer.Option("--data", help="dialogues to draw requests from")
    ] = None,
    shuffle: Annotated[
        bool,
        typer.Option(
            help="shuffle the requests, so that no turn follows its conversation's previous one"
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="print the figures as one JSON object, last line")
    ] = False,
    profile: Annotated[
        bool,
        typer.Option(
            "--profile", help="time each decision's parts (prefill, decode steps, masks, ...)"
        ),
    ] = False,
    model: ModelOption = None,
    adapter: AdapterOption = None,
) -> None:
    """Latency per decision, decisions/s, forced vs generated tokens, peak memory, and a
    plain-generate baseline."""
    settings = Settings()
    requests = _requests(data, shuffle)
    intent = load_model(model, adapter)
    decoded = 1 if n_best is None else n_best
    adapter_name = adapter if adapter is not None else (settings.intent_adapter or "")
    stdout.print(_setup_line(settings, intent, model, adapter_name, n_best))
    warmup_ms = _first_call_ms(intent, requests[0])
    intent.profiling = profile
    timed = _timed(intent, requests, n, decoded, concurrency)
    intent.profiling = False
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    base = _baseline_ms(intent, requests, timed, min(baseline_n, n, len(timed.lengths)))
    p50, p95 = _percentiles(timed.latencies)
    stdout.print(_latency_table(intent.version, timed, base, n, decoded))
    rate = n / timed.wall_s
    _print_rates(timed, base, rate, concurrency, warmup_ms, rss_mb)
    if profile:
        stdout.print(profile_table(timed.latencies, timed.profiles))
    if as_json:
        latency = {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "n_best": decoded}
        rates = {"decisions_per_s": round(rate, 3), "concurrency": concurrency}
        print(json.dumps(latency | rates | _run_figures(intent, timed, adapter_name, profile)))


def _run_figures(intent: Any, timed: Any, adapter_name: str, profile: bool) -> dict[str, Any]:
    """What ran: batch size, weights, model and adapter (and the profile when asked)."""
    figures: dict[str, Any] = {
        "mean_batch": round(statistics.mean(timed.batches), 2),
        "dtype": str(intent.dtype).removeprefix("torch."),
        "model": intent.version,
        "adapter": adapter_name,
    }
    if profile:
        figures["profile"] = profile_figures(timed.latencies, timed.profiles)
    return figures


def _first_call_ms(intent: TransformersIntentModel, request: PredictionRequest) -> float:
    """The first decision builds the system-prompt cache, once per process."""
    start = time.perf_counter()
    intent.predict(request)
    return (time.perf_counter() - start) * 1000


def _baseline_ms(
    intent: TransformersIntentModel, requests: list[PredictionRequest], timed: _Timed, count: int
) -> list[float]:
    """Plain generate on the first `count` timed requests, as many tokens as each took."""
    return [
        plain_generate_ms(intent, requests[i % len(requests)], timed.lengths[i])
        for i in range(count)
    ]


def _setup_line(
    settings: Settings,
    intent: TransformersIntentModel,
    model: str | None,
    adapter_name: str,
    n_best: int | None,
) -> str:
    """What is measured: the model, its adapter, the threads and the readings decoded."""
    return (
        f"model {intent.version} (INTENT_MODEL={model or settings.intent_model}, "
        f"INTENT_ADAPTER={adapter_name or 'none'}), {str(intent.dtype).removeprefix('torch.')} "
        f"(INTENT_DTYPE={settings.intent_dtype}), batches of up to {settings.intent_batch} "
        f"(INTENT_BATCH), torch threads {torch.get_num_threads()}, "
        + (
            f"the bot's decision: 1 reading decoded, {settings.intent_n_best - 1} runner-ups "
            "ranked (INTENT_N_BEST)"
            if n_best is None
            else f"{n_best} readings decoded per decision (eager)"
        )
    )


def _latency_table(version: str, timed: _Timed, base: list[float], n: int, decoded: int) -> Table:
    p50, p95 = _percentiles(timed.latencies)
    table = Table(title=f"intent decision latency ({version}, {decoded} decoded)")
    for column in ("", "n", "p50 ms", "p95 ms", "tokens generated", "tokens forced"):
        table.add_column(column, justify="right")
    table.add_row(
        "constrained+cached",
        str(n),
        f"{p50:.0f}",
        f"{p95:.0f}",
        str(timed.generated),
        str(timed.forced),
    )
    if base:
        b50, b95 = _percentiles(base)
        table.add_row("plain generate", str(len(base)), f"{b50:.0f}", f"{b95:.0f}", "-", "-")
    return table


def _print_rates(
    timed: _Timed, base: list[float], rate: float, concurrency: int, warmup_ms: float, rss_mb: float
) -> None:
    """Throughput, memory, the plain-generate ratio and the share of cached prompt tokens."""
    stdout.print(
        f"{rate:.2f} decisions/s with {concurrency} conversation(s) at once (mean batch "
        f"{statistics.mean(timed.batches):.1f}); first call (system prompt cache) "
        f"{warmup_ms:.0f} ms; peak RSS {rss_mb:.0f} MB"
    )
    if base:
        ratio = statistics.median(base) / statistics.median(timed.latencies[: len(base)])
        stdout.print(f"plain/constrained p50 ratio on the same requests {ratio:.2f}x")
    stdout.print(
        f"prompt tokens {timed.prompt}, of which {timed.reused} "
        f"({timed.reused / max(timed.prompt, 1):.0%}) came from the cache (system prompt, and "
        "the history of the conversation's previous turn)"
    )


class _Timed:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.lengths: list[int] = []
        self.batches: list[int] = []
        self.profiles: list[Profile] = []
        self.generated = self.forced = self.prompt = self.reused = 0
        self.wall_s = 0.0


def _timed(
    intent: TransformersIntentModel,
    requests: list[PredictionRequest],
    n: int,
    decoded: int,
    concurrency: int,
) -> _Timed:
    """`n` decisions, spread over `concurrency` threads; each thread takes its own stretch
    of the requests in order, as its conversation would send them."""
    timed = _Timed()
    lock = threading.Lock()

    def conversation(index: int) -> None:
        for i in range(index, n, concurrency):
            result = intent.predict(requests[i % len(requests)], n_best=decoded)
            stats = intent.last_stats
            with lock:
                timed.latencies.append(result.latency_ms)
                timed.generated += stats.generated
                timed.forced += stats.forced
                timed.prompt += stats.prompt_tokens
                timed.reused += stats.prompt_reused
                timed.lengths.append(stats.generated + stats.forced)
                timed.batches.append(stats.batch)
                timed.profiles.append(intent.last_profile)

    threads = [threading.Thread(target=conversation, args=(c,)) for c in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timed.wall_s = time.perf_counter() - start
    return timed


def _requests(data: Path | None, shuffle: bool) -> list[PredictionRequest]:
    if data is None:
        requests = sample_requests()
    else:
        dialogues = read_dialogues(data.read_text(encoding="utf-8").splitlines())
        requests = [r for d in dialogues for r in d.requests()]
    if shuffle:
        random.Random(0).shuffle(requests)
    return requests


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def plain_generate_ms(
    intent: TransformersIntentModel, request: PredictionRequest, tokens: int
) -> float:
    """The same prompt and output length through plain `generate`: no grammar, no reuse."""
    lm, tokenizer = intent.decision_model, intent.tokenizer
    ids = tokenizer(intent_prompt(tokenizer, request.messages), return_tensors="pt")
    ids = ids.to(lm.device)
    start = time.perf_counter()
    with torch.inference_mode():
        lm.generate(
            **ids,
            max_new_tokens=tokens,
            min_new_tokens=tokens,
            do_sample=False,
            pad_token_id=tokenizer.eos_token_id,
        )
    return (time.perf_counter() - start) * 1000


def sample_requests() -> list[PredictionRequest]:
    """A small spread of turns (new picture, edits with one or more images, chat)."""
    cat = ImageInfo(ref="#1", caption="a cute orange cat sitting on a windowsill")
    dog = ImageInfo(ref="#2", caption="a photo of a brown dog on grass")
    first = [
        DialogueMessage(role="user", text="can you draw me a cute cat?"),
        DialogueMessage(role="assistant", text="Here you go!", images=[cat]),
    ]
    two_images = [*first, DialogueMessage(role="user", text="this is my dog", images=[dog])]
    two_images.append(DialogueMessage(role="assistant", text="What a good boy!"))
    turns = [
        ([], "draw a lighthouse on a cliff at sunset, no people"),
        (first, "put it on a beach"),
        (first, "make it look like a van gogh painting"),
        (first, "remove the windowsill"),
        (first, "make it brighter"),
        (first, "what colour are its eyes?"),
        (two_images, "paint my dog in the style of the cat picture"),
        (two_images, "write 'monday mood' at the bottom of the dog photo"),
        ([], "thanks, you are great!"),
        (first, "upscale it 4x please"),
    ]
    return [
        PredictionRequest(
            id=f"bench/{i}", messages=[*history, DialogueMessage(role="user", text=text)]
        )
        for i, (history, text) in enumerate(turns)
    ]
