"""``python -m sync.commands.verify``: check the synced tree before the sync pull request is opened.

A pull request opened with the workflow's own token triggers no other workflow (a
GitHub rule), so the sync job checks what it is about to propose itself: each
``--check "LABEL=COMMAND"`` runs, and the report (the pull request's body) is
rewritten to start with every check's outcome, a failed one with the end of its
output in a code block (where ``@mentions`` and ``#refs`` are inert). Exit 1 when a
check failed: the workflow still opens the pull request, labelled, and its run is red.
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ext.fileio import write_atomic

TAIL_LINES = 25
LINE_CHARS = 300


@dataclass(frozen=True)
class Outcome:
    label: str
    command: str
    status: int
    output: str

    @property
    def passed(self) -> bool:
        return self.status == 0


def run_check(label: str, command: str) -> Outcome:
    """Run one check; its output (stdout and stderr) is kept for the report."""
    try:
        done = subprocess.run(
            shlex.split(command),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except OSError as error:
        return Outcome(label, command, 127, str(error))
    return Outcome(label, command, done.returncode, done.stdout)


def _code_block(text: str) -> str:
    """*text* as a fenced block no backtick run in it can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def _code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest else f"{fence}{text}{fence}"


def _tail(output: str) -> str:
    lines = [line[:LINE_CHARS] for line in output.rstrip().splitlines()[-TAIL_LINES:]]
    return "\n".join(lines) or "(no output)"


def header(outcomes: list[Outcome]) -> str:
    """The Markdown the report starts with: one line per check, the failed ones with their output."""
    failed = sum(not outcome.passed for outcome in outcomes)
    verdict = (
        f":x: {failed} of {len(outcomes)} checks failed: fix them before merging"
        if failed
        else f":white_check_mark: all {len(outcomes)} checks passed"
    )
    lines = ["### Checks of the synced tree", "", verdict, ""]
    for outcome in outcomes:
        mark = ":white_check_mark: passed" if outcome.passed else f":x: failed (exit {outcome.status})"
        lines.append(f"- {mark}: {outcome.label} ({_code_span(outcome.command)})")
        if not outcome.passed:
            lines.append("")
            lines.extend("  " + line for line in _code_block(_tail(outcome.output)).splitlines())
            lines.append("")
    return "\n".join(lines).rstrip() + "\n\n"


def _parse_check(text: str) -> tuple[str, str]:
    label, sep, command = text.partition("=")
    if not sep or not label.strip() or not command.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: write --check 'LABEL=COMMAND'")
    return label.strip(), command.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sync.commands.verify", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--report", type=Path, required=True, help="the change report to start with the outcomes"
    )
    parser.add_argument("--check", type=_parse_check, action="append", required=True, metavar="LABEL=COMMAND")
    args = parser.parse_args(argv)
    outcomes = []
    for label, command in args.check:
        outcome = run_check(label, command)
        print(f"{'passed' if outcome.passed else 'FAILED'}: {label} ({command})", file=sys.stderr)
        if not outcome.passed:
            print(_tail(outcome.output), file=sys.stderr)
        outcomes.append(outcome)
    try:
        report = args.report.read_text(encoding="utf-8")
    except FileNotFoundError:
        report = ""
    write_atomic(args.report, header(outcomes) + report)
    return 0 if all(outcome.passed for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
