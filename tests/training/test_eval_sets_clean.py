"""Evaluation sets stay clean: the synthesiser repeats no 6-word run of an evaluation user line
and no web address of one.

The same check as the project's before-stop hook: every run of six \\w+ words (lowercased) of a
user turn in training/data/*.jsonl and in the shared dev set (../shared/data/dev-dialogues.jsonl,
skipped where absent) must not occur in any .txt or .py file under training/synth. Runs are taken
over each synthesiser file as a whole, so a run split across two lines counts too. A web address
("janedoe.art", "bit.ly/summerfest24") is a few words but names one dialogue: none of them may
occur in a synthesiser file either.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SYNTH = ROOT / "training" / "synth"
RUN = 6
# A host with an optional path, as users paste them for QR codes; scheme and www. dropped.
ADDRESS = re.compile(
    r"(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/[\w@./-]*)?)"
)


def _runs(text: str) -> list[str]:
    words = re.findall(r"\w+", text.lower())
    return [" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1)]


def _user_lines(paths: list[Path]) -> Iterator[tuple[str, str]]:
    """Each user turn of the evaluation sets that exist, with where it is (file:dialogue id)."""
    for path in paths:
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                dialogue = json.loads(line)
            except ValueError:
                continue
            for turn in dialogue.get("turns", []):
                yield str(turn.get("user", "")), f"{path.name}:{dialogue.get('id')}"


def _synth_files(synth: Path) -> list[Path]:
    return sorted([*synth.rglob("*.txt"), *synth.rglob("*.py")])


def _evaluation_runs(paths: list[Path]) -> dict[str, str]:
    """Each run of an evaluation user turn, mapped to where it first occurs (file:dialogue id)."""
    runs: dict[str, str] = {}
    for text, where in _user_lines(paths):
        for run in _runs(text):
            runs.setdefault(run, where)
    return runs


def _leaks(synth: Path, runs: dict[str, str]) -> list[str]:
    found = set()
    for path in _synth_files(synth):
        text = path.read_text(encoding="utf-8", errors="ignore")
        for run in _runs(text):
            if run in runs:
                found.add(f"{path.relative_to(synth.parent.parent)}: '{run}' ({runs[run]})")
    return sorted(found)


def _evaluation_sets() -> list[Path]:
    return [
        *sorted((ROOT / "training" / "data").glob("*.jsonl")),
        SHARED / "data" / "dev-dialogues.jsonl",
    ]


def _addresses(paths: list[Path]) -> dict[str, str]:
    found: dict[str, str] = {}
    for text, where in _user_lines(paths):
        for address in ADDRESS.findall(text.lower()):
            found.setdefault(address.rstrip("./"), where)
    return found


def test_synthesiser_repeats_no_evaluation_address() -> None:
    addresses = _addresses(_evaluation_sets())
    assert "bit.ly/summerfest24" in addresses  # the pattern reads the QR dialogues' addresses
    texts = {
        path: path.read_text(encoding="utf-8", errors="ignore").lower()
        for path in _synth_files(SYNTH)
    }
    leaks = [
        f"{path.relative_to(ROOT)}: {address} ({where})"
        for address, where in addresses.items()
        for path, text in texts.items()
        if address in text
    ]
    assert not leaks, "the synthesiser repeats evaluation addresses:\n" + "\n".join(leaks)


def test_synthesiser_repeats_no_evaluation_line() -> None:
    sets = _evaluation_sets()
    runs = _evaluation_runs(sets)
    assert runs, f"no evaluation user lines found in {[str(p) for p in sets]}"
    leaks = _leaks(SYNTH, runs)
    assert not leaks, "the synthesiser repeats evaluation dialogues:\n" + "\n".join(leaks)


def test_check_finds_a_run_split_across_lines(tmp_path: Path) -> None:
    evaluation = tmp_path / "eval.jsonl"
    evaluation.write_text(
        json.dumps({"id": "e-1", "turns": [{"user": "Please, make the sky a LOT bluer!"}]}) + "\n"
    )
    synth = tmp_path / "training" / "synth"
    (synth / "vocab").mkdir(parents=True)
    (synth / "vocab" / "x.txt").write_text("brighter || please make the\nsky a lot bluer\n")
    (synth / "ok.py").write_text("TEMPLATES = ['make the sky bluer please']\n")
    runs = _evaluation_runs([evaluation, tmp_path / "absent.jsonl"])
    assert _leaks(synth, runs) == [
        "training/synth/vocab/x.txt: 'make the sky a lot bluer' (eval.jsonl:e-1)",
        "training/synth/vocab/x.txt: 'please make the sky a lot' (eval.jsonl:e-1)",
    ]
