"""``python -m sync pull|push``: the command line (parsing and printing only).

Every failure is one ``Error: ...`` line naming the fix, with exit status 1
(130 when interrupted); the bib is never left half-written. The API key is
taken only from ``ZOTERO_API_KEY`` or ``--api-key-file`` and scrubbed from
anything printed.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import click

from ext.fileio import WRITE_FAILURES, write_error
from sync.client.settings import resolve
from sync.errors import SyncError

# Each command imports what only it needs when it runs: `python -m sync pull` starts in a
# fraction of the time it would take to load the report, push and fix machinery as well.


def _options(bib_help: str) -> Callable[[Callable], Callable]:
    """Options shared by the commands that talk to Zotero (*bib_help* says what --bib is to this one)."""

    def decorate(func: Callable) -> Callable:
        return _with_options(func, bib_help)

    return decorate


def _with_options(func: Callable, bib_help: str) -> Callable:
    decorators = [
        click.option("--group", metavar="ID", help="Zotero group id [env ZOTERO_GROUP_ID]."),
        click.option(
            "--api-key-file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Read the API key from this file [default: env ZOTERO_API_KEY].",
        ),
        click.option(
            "--endpoint",
            metavar="URL",
            help="Base URL of the Zotero Web API [env ZOTERO_API_URL; default https://api.zotero.org].",
        ),
        click.option("--local", is_flag=True, help="Use Zotero desktop's local API (no key)."),
        click.option(
            "--bib",
            type=click.Path(dir_okay=False, path_type=Path),
            default=Path("sparsity.bib"),
            show_default=True,
            help=bib_help,
        ),
        click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds per request."),
        click.option(
            "--retries",
            type=int,
            default=4,
            show_default=True,
            help="Retries of a failed request (with growing waits).",
        ),
        click.option(
            "--max-time",
            type=float,
            default=600.0,
            show_default=True,
            help="Seconds the whole command may take, waits for the server included.",
        ),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


_SECRETS: set[str] = set()  #: keys in use (from the environment or a key file), never printed


def _scrub(text: str) -> str:
    for key in _SECRETS | {os.environ.get("ZOTERO_API_KEY") or ""}:
        if len(key) >= 4:
            text = text.replace(key, "***")
    return text


def _guarded(func: Callable) -> Callable:
    """Turn every failure into one ``Error:`` line."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except click.ClickException:  # already one "Error:" line (e.g. --check found the bib stale)
            raise
        except SyncError as error:
            raise click.ClickException(_scrub(str(error))) from None
        except KeyboardInterrupt:
            click.echo("Error: interrupted; the bib file was left as it was", err=True)
            sys.exit(130)
        except OSError as error:
            if error.errno in WRITE_FAILURES:  # a full disk: which file, and that it is as it was
                raise click.ClickException(_scrub(write_error(error))) from None
            raise click.ClickException(
                _scrub(
                    f"{error.strerror or error}: {error.filename or ''}; check the path and its permissions"
                )
            ) from None
        except Exception as error:  # never a traceback: it could carry request details
            raise click.ClickException(
                _scrub(
                    f"unexpected {type(error).__name__}: {error}; the bib was not changed, please report this"
                )
            ) from None

    return wrapper


@contextmanager
def _progress(label: str, quiet: bool):
    """A progress bar on a terminal; nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=1, label=label, file=sys.stderr) as bar:

        def update(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        yield update


@contextmanager
def _session(options: tuple, label: str, quiet: bool):
    """Settings, a client (closed afterwards) and a progress callback for one command."""
    group, key_file, endpoint, local, bib, timeout, retries, max_time = options
    settings = resolve(group, key_file, endpoint, local, bib, timeout, retries, max_time=max_time)
    if settings.api_key is not None:
        _SECRETS.add(settings.api_key.reveal())
    from sync.client.zotero import ZoteroClient

    client = ZoteroClient(settings)
    try:
        with _progress(label, quiet) as progress:
            yield settings, client, progress
    finally:
        client.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Mirror a Zotero group library into a .bib file, seed a group from one, fix its mechanical slips."""


@main.command()
@_options("The .bib file to mirror the group into.")
@click.option("--full", is_flag=True, help="Ignore the saved state and read the whole library.")
@click.option(
    "--notes",
    is_flag=True,
    help="Also write child notes as annote and attachments' web links (reads the whole library).",
)
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("--check", is_flag=True, help="Exit 1 when the bib would change (for CI); write nothing.")
@click.option("--force", is_flag=True, help="Allow a pull that removes more than a tenth of the entries.")
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a Markdown change report (a pull request body) to this file.",
)
@click.option(
    "--cited-in",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Sphinx project whose .rst files cite the keys (for the report) [default: the bib's folder].",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when an item could not be mirrored as it is (for CI); the bib is still written.",
)
@_guarded
def pull(
    group,
    api_key_file,
    endpoint,
    local,
    bib,
    timeout,
    retries,
    max_time,
    quiet,
    full,
    notes,
    dry_run,
    check,
    force,
    report_file,
    cited_in,
    strict,
) -> None:
    """Update BIB from the group: only what changed since the last pull.

    \b
    Example:
        ZOTERO_API_KEY=... python -m sync pull --group 123456 --bib sparsity.bib
    """
    from sync.commands.pull import pull as run_pull

    options = (group, api_key_file, endpoint, local, bib, timeout, retries, max_time)
    with _session(options, "Fetching items", quiet) as (settings, client, progress):
        outcome = run_pull(
            settings,
            client,
            full=full,
            notes=notes,
            dry_run=dry_run or check,
            force=force,
            describe=report_file is not None,
            progress=progress,
        )
    report = outcome.report
    for warning in report.warnings:
        click.echo(_scrub(f"warning: {warning}"), err=True)
    if report.dropped:
        listed = ", ".join(f"{name} ({count})" for name, count in sorted(report.dropped.items()))
        click.echo(f"dropped (no BibTeX field; see sync/mapping/fieldmap.py): {listed}", err=True)
    if report.children_left_out:
        click.echo(
            f"left out: {report.children_left_out} child notes and attachments of the items pulled "
            "(as Zotero's BibTeX export leaves files out); --notes writes the notes as annote "
            "and attachments' web links",
            err=True,
        )
    if dry_run or check:
        from sync.commands.report import console_lines

        for line in console_lines(report):
            click.echo(line)
    if report_file is not None:
        from ext.fileio import write_atomic
        from sync.commands.report import from_pull, markdown
        from sync.local.cited import citations_in_project

        citations = citations_in_project(cited_in or bib.resolve().parent)
        write_atomic(report_file, markdown(from_pull(outcome, settings.library, citations)))
    verb = "Would pull" if dry_run or check else "Pulled"
    if outcome.unchanged_upstream:
        click.echo(
            f"{settings.library} unchanged since version {outcome.version}: "
            f"{outcome.requests} request in {outcome.seconds:.1f} s."
        )
    elif not outcome.changed:  # the library moved, but nothing the bib mirrors did: nothing to commit
        click.echo(
            f"{bib} is current with {settings.library} (version {outcome.version}: nothing it mirrors "
            f"changed); {outcome.requests} requests in {outcome.seconds:.1f} s."
        )
    else:
        click.echo(
            f"{verb} {settings.library} at version {outcome.version}: {outcome.fetched} items fetched; "
            f"{len(report.added)} added, {len(report.updated)} updated, {len(report.removed)} removed, "
            f"{len(report.renamed)} renamed, {len(report.local)} local kept; "
            f"{outcome.requests} requests in {outcome.seconds:.1f} s."
        )
    if check and outcome.changed:
        raise click.ClickException(
            f"{bib} is out of date with {settings.library}; run 'make sync' and commit"
        )
    if strict and report.warnings:
        written = "; the bib was written with the best mirror of each" if outcome.written else ""
        raise click.ClickException(
            f"{len(report.warnings)} items could not be mirrored as they are (--strict){written}; "
            "fix them in Zotero as the warnings say"
        )


@main.command()
@click.option(
    "--bib",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=Path("sparsity.bib"),
    show_default=True,
    help="The .bib file to look at.",
)
@_guarded
def contributed(bib: Path) -> None:
    """Print, as Markdown, the entries of BIB that no Zotero item mirrors yet (to push after merge).

    \b
    Example:
        python -m sync contributed --bib sparsity.bib >> "$GITHUB_STEP_SUMMARY"
    """
    from ext.reader.bibfile import read_bib
    from sync.commands.contributed import summary
    from sync.local.state import state_path

    parsed = read_bib(bib)
    for problem in parsed.problems:
        click.echo(f"{problem}", err=True)
    click.echo(summary(parsed, bib.name, has_state=state_path(bib).exists()), nl=False)


@main.command()
@_options("The .bib file whose entries the group lacks are created in it.")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the plan (items, requests, pinned keys, what the server will refuse); write nothing.",
)
@_guarded
def push(group, api_key_file, endpoint, local, bib, timeout, retries, max_time, quiet, dry_run) -> None:
    """Create group items for the entries of BIB the group lacks (keys pinned).

    Entries whose item was trashed or deleted in Zotero are never re-created.

    \b
    Example:
        ZOTERO_API_KEY=... python -m sync push --group 123456 --bib sparsity.bib --dry-run
    """
    from sync.commands.push import push as run_push

    options = (group, api_key_file, endpoint, local, bib, timeout, retries, max_time)
    with _session(options, "Creating items", quiet) as (settings, client, progress):
        outcome = run_push(settings, client, dry_run=dry_run, progress=progress)
    if dry_run:
        from sync.commands.pushplan import describe

        click.echo(_scrub(describe(outcome, str(bib), settings.library)))
    for gone in outcome.gone if not dry_run else []:
        click.echo(_scrub(f"warning: {gone}"), err=True)
    for failure in outcome.failed if not dry_run else []:
        click.echo(_scrub(f"warning: not pushed: {failure}"), err=True)
    verb = "Would create" if dry_run else "Created"
    refused = len(outcome.predicted if dry_run else outcome.failed)
    click.echo(
        f"{verb} {len(outcome.created)} items in {settings.library}; {len(outcome.skipped)} already there, "
        f"{len(outcome.gone)} not re-created (trashed or deleted in Zotero), {refused} "
        f"{'the server will refuse' if dry_run else 'refused'}; {outcome.requests} requests."
    )
    if outcome.failed and not dry_run:
        raise click.ClickException(
            f"{len(outcome.failed)} entries were not pushed (see the warnings above); "
            "fix them in the bib and run push again"
        )


@main.command()
@_options("Not read by fix: the fixes go to the group, and the next pull brings them into this file.")
@click.option("--apply", is_flag=True, help="Write the fixes to the group (default: only show them).")
@_guarded
def fix(group, api_key_file, endpoint, local, bib, timeout, retries, max_time, quiet, apply) -> None:
    """Fix, in the group, the slips that need no judgement (DOI in url, DOI prefix, legacy
    months, tag case, stray blanks); a dry run unless --apply. The next pull brings them back.

    \b
    Example:
        ZOTERO_API_KEY=... python -m sync fix --group 123456            # show
        ZOTERO_API_KEY=... python -m sync fix --group 123456 --apply    # write
    """
    from sync.commands.fix import fix as run_fix

    options = (group, api_key_file, endpoint, local, bib, timeout, retries, max_time)
    with _session(options, "Reading items", quiet) as (settings, client, progress):
        outcome = run_fix(settings, client, apply=apply, progress=progress)
    for plan in outcome.planned:
        if plan.reasons:
            click.echo(_scrub(f"{plan.key} {plan.title[:60]!r}: {'; '.join(plan.reasons)}"))
        for slip in plan.unfixed:
            click.echo(
                _scrub(f"warning: left for a curator: {plan.key} {plan.title[:60]!r}: {slip}"), err=True
            )
    for failure in outcome.failed:
        click.echo(_scrub(f"warning: not fixed: {failure}"), err=True)
    if apply:
        click.echo(
            f"Fixed {len(outcome.applied)} items in {settings.library} (now version {outcome.version}); "
            f"{len(outcome.failed)} failed; {outcome.requests} requests. Run 'make sync' to bring them into {bib}."
        )
    else:
        click.echo(
            f"Would fix {sum(1 for plan in outcome.planned if plan.changes)} items in {settings.library}; nothing written "
            f"({outcome.requests} requests). Pass --apply to write."
        )
    if outcome.failed:
        raise click.ClickException(
            f"{len(outcome.failed)} items were not fixed (see the warnings above); run 'python -m sync fix --apply' again"
        )
