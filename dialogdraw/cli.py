"""`dialogdraw`: the command line, and the one place where the parts are put together."""

from __future__ import annotations

import asyncio
import functools
import logging
import sys

import typer
from rich.console import Console
from rich.table import Table

from core.catalog import CATALOG
from core.settings import Settings
from dialogdraw import (
    bench_learning,
    cmd_bench_intent,
    cmd_bench_pipelines,
    cmd_data,
    cmd_eval_images,
    cmd_intent,
    cmd_learning,
    cmd_models,
    cmd_train,
    cmd_worker,
)
from dialogdraw.logs import configure_logging

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
data_app = typer.Typer(no_args_is_help=True, help="Dialogue data: synthesis and exports.")
train_app = typer.Typer(no_args_is_help=True, help="Train the intent model.")
eval_app = typer.Typer(no_args_is_help=True, help="Evaluate the intent model and the images.")
bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks that print their figures.")
app.add_typer(data_app, name="data")
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")
app.add_typer(bench_app, name="bench")
cmd_worker.register(app)
cmd_models.register(app)
cmd_train.register(train_app)
cmd_intent.register(app, eval_app, bench_app)
cmd_bench_intent.register(bench_app)
cmd_eval_images.register(eval_app)
cmd_data.register(data_app)
cmd_bench_pipelines.register(bench_app)
bench_learning.register(bench_app)
cmd_learning.register(app, data_app, train_app)


@app.command()
def chat(verbose: bool = typer.Option(False, "--verbose", "-v")) -> None:
    """Chat in the terminal (reads a script from stdin when it is not a terminal)."""
    from dialogdraw.app import running_engine
    from dialogdraw.serve import PLATFORMS
    from dialogdraw.startup import startup_line

    settings = Settings()
    configure_logging(settings, logging.INFO if verbose else logging.WARNING)
    line = startup_line(settings)
    if line:
        typer.echo(line, err=True)

    async def main() -> None:
        async with running_engine(settings) as engine:
            await PLATFORMS["console"].run(settings, engine, stop=asyncio.Event())

    asyncio.run(main())


@app.command()
def serve(
    telegram: bool = typer.Option(
        False, "--telegram", help="Serve Telegram (DIALOGDRAW_TELEGRAM_TOKEN)."
    ),
    discord: bool = typer.Option(
        False, "--discord", help="Serve Discord (DIALOGDRAW_DISCORD_TOKEN)."
    ),
    webhook_url: str = typer.Option("", help="Telegram: public https URL for webhook mode."),
    webhook_port: int = typer.Option(8443, help="Telegram: local port of the webhook server."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Run the chat bots; Telegram and Discord share one process and one event loop."""
    from dialogdraw.app import running_engine
    from dialogdraw.serve import (
        PLATFORMS,
        PlatformRun,
        missing_tokens,
        serve_platforms,
        serve_telegram,
    )

    settings = Settings()
    redact = configure_logging(settings, logging.DEBUG if verbose else logging.INFO)
    chosen = [name for name, wanted in (("telegram", telegram), ("discord", discord)) if wanted]
    if not chosen:
        raise typer.BadParameter("choose at least one of --telegram and --discord")
    missing = missing_tokens(settings, chosen)
    if missing:
        typer.echo(f"Set {' and '.join(missing)} in the environment first.", err=True)
        raise typer.Exit(2)
    webhook = None
    if telegram and webhook_url:
        from dialogdraw.cmd_serve_telegram import WebhookOptions, WebhookSecretError

        # Checked before the models load: a bad secret should not cost a minute's start.
        try:
            webhook = WebhookOptions.for_url(
                webhook_url, webhook_port, settings.telegram_webhook_secret
            )
        except WebhookSecretError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
        redact.hide(webhook.secret_token)  # PTB logs setWebhook's parameters at debug level

    runs: dict[str, PlatformRun] = {name: PLATFORMS[name].run for name in chosen}
    if webhook is not None:
        runs["telegram"] = functools.partial(serve_telegram, webhook=webhook)

    async def main() -> None:
        async with running_engine(settings) as engine:
            await serve_platforms(settings, engine, runs)

    asyncio.run(main())


@app.command()
def skills() -> None:
    """Print the skill catalog: ids, descriptions and arguments."""
    table = Table("skill", "arguments (? = optional)", "what it does")
    for spec in CATALOG.values():
        table.add_row(spec.id, spec.signature().split("(", 1)[1].rstrip(")"), spec.description)
    Console().print(table)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
