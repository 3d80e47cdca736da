"""The console chat: `dialogdraw chat`, interactive or scripted through stdin."""

from __future__ import annotations

import asyncio
import getpass
import mimetypes
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from rich.console import Console

from core.engine import DialogueEngine
from core.messages import Attachment, ConversationKey, IncomingMessage, OutgoingImage, Sender

CONSOLE_HELP = (
    "Console: /attach PATH [text] sends an image, /good and /bad rate my last answer, /quit."
)


class ConsoleOutbound:
    """Prints answers; writes images as files into the output folder and prints their paths."""

    def __init__(self, console: Console, output_dir: Path) -> None:
        self.console = console
        self.output_dir = output_dir
        self._next_id = 0
        self._status = ""

    def _id(self) -> str:
        self._next_id += 1
        return f"console-{self._next_id}"

    async def send_text(self, text: str) -> str:
        self.console.print(f"[bold cyan]bot>[/] {text}", markup=True, highlight=False)
        return self._id()

    async def send_image(self, image: OutgoingImage) -> str:
        self.output_dir.mkdir(parents=True, exist_ok=True)
        path = self.output_dir / image.filename
        path.write_bytes(image.data)
        self.console.print(f"[bold cyan]bot>[/] {image.caption}", highlight=False)
        self.console.print(f"     saved #{image.number}: {path}", highlight=False)
        return self._id()

    async def show_status(self, text: str) -> None:
        if text != self._status:
            self._status = text
            self.console.print(f"[dim]     {text}[/]", highlight=False)

    async def clear_status(self) -> None:
        self._status = ""


def parse_line(line: str, key: ConversationKey, sender: Sender) -> IncomingMessage:
    """One typed line → a message; `/attach PATH [text]` attaches an image file."""
    if line.startswith("/attach"):
        parts = shlex.split(line)
        if len(parts) < 2:
            raise ValueError("Usage: /attach PATH [what to do with it]")
        path = Path(parts[1]).expanduser()
        if not path.is_file():
            raise ValueError(f"No such file: {path}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        attachment = Attachment(path.read_bytes(), mime, path.name)
        return IncomingMessage(key, sender, " ".join(parts[2:]), (attachment,))
    return IncomingMessage(key, sender, line)


def _lines(stream: TextIO, console: Console, interactive: bool) -> Iterator[str]:
    while True:
        if interactive:
            try:
                line = console.input("[bold green]you>[/] ")
            except EOFError:
                return
        else:
            raw = stream.readline()
            if not raw:
                return
            line = raw.rstrip("\n")
            if line.strip():
                console.print(f"[bold green]you>[/] {line}", highlight=False)
        yield line


async def run_console(
    engine: DialogueEngine, *, stream: TextIO | None = None, console: Console | None = None
) -> None:
    stream = stream or sys.stdin
    interactive = stream.isatty()
    console = console or Console(highlight=False)
    user = getpass.getuser() or "local"
    key = ConversationKey("console", user)
    sender = Sender(user, user)
    out = ConsoleOutbound(console, engine.settings.output_dir)
    if interactive:
        console.print("DialogDraw — tell me what to draw. " + CONSOLE_HELP)
    # Pictures a killed session left unfinished or unshown come first.
    await engine.recover(key.platform, lambda k, _: out if k == key else None)
    for line in _lines(stream, console, interactive):
        if line.strip() in {"/quit", "/exit"}:
            break
        if not line.strip():
            continue
        try:
            msg = parse_line(line.strip(), key, sender)
        except ValueError as problem:
            await out.send_text(str(problem))
            continue
        if msg.text == "/help":
            console.print(CONSOLE_HELP)
        await engine.handle(msg, out)
        await asyncio.sleep(0)  # let status edits scheduled from worker threads print
