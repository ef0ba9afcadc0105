"""Command line of the extension's pure core.

* ``python -m ext render --format markdown|text FILE.bib`` prints the list;
* ``python -m ext readme [--check] README.md FILE.bib`` rewrites (or checks)
  the generated section of the README;
* ``python -m ext lint [--format text|json|github] [--strict] [--fix] [--since REF] [FILE.bib ...]``
  reports what curators should fix (exit 1 on an error finding, 2 on bad usage).

Problems in a .bib go to stderr as ``FILE:LINE: warning: ...`` and never stop
the other entries; errors are one ``Error: ...`` line and exit status 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ext.biblock import BibLocked, bib_lock
from ext.cli.readme import MarkerError, replace_list
from ext.cli.render import FORMATS, render_list
from ext.fileio import line_end, write_atomic, write_error
from ext.lint import RULES, LintConfig
from ext.lint import formats as lint_formats
from ext.lint.config import ConfigError
from ext.lint.config import load as load_config
from ext.lint.registry import unknown_rules
from ext.lint.runner import FixNotWritten, exit_status
from ext.lint.runner import run as run_lint
from ext.lint.since import SinceError
from ext.reader.bibfile import Bibliography, read_bib

_BIBFILES = click.argument(
    "bibfiles", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Tools for the sparsity bibliography."""


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="markdown",
    show_default=True,
    help="Output format of the list.",
)
@_BIBFILES
def render(fmt: str, bibfiles: tuple[Path, ...]) -> None:
    """Print the Chicago author-date list of BIBFILES.

    \b
    Example:
        python -m ext render --format markdown sparsity.bib > list.md
    """
    sys.stdout.write(render_list(_read(bibfiles), fmt))


@main.command()
@click.option("--check", is_flag=True, help="Only check; exit 1 when README is stale.")
@click.argument("readme", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_BIBFILES
def readme(check: bool, readme: Path, bibfiles: tuple[Path, ...]) -> None:
    """Regenerate the papers list between the markers of README from BIBFILES.

    \b
    Example:
        python -m ext readme README.md sparsity.bib
    """
    if check:
        _readme(readme, bibfiles, check)
        return
    try:
        with bib_lock(bibfiles):  # not while a pull or lint --fix writes the bib
            _readme(readme, bibfiles, check)
    except BibLocked as error:
        raise click.ClickException(str(error)) from None


def _readme(readme: Path, bibfiles: tuple[Path, ...], check: bool) -> None:
    current = readme.read_bytes().decode("utf-8")
    bib = _read(bibfiles, warn=False)
    names = ", ".join(str(path) for path in bibfiles)
    if bib.problems:
        more = len(bib.problems) - 1
        also = f" (and {more} more problems: 'python -m ext render' lists them)" if more else ""
        raise click.ClickException(
            f"{bib.problems[0]}{also}; {readme} was not changed: fix {names} first, "
            "a README list would lack that entry"
        )
    if not bib.data.entries:
        raise click.ClickException(
            f"{names} holds no entries; {readme} was not changed (is it the right file?)"
        )
    try:
        wanted = replace_list(current, render_list(bib, "markdown"), newline=line_end(current))
    except MarkerError as error:
        raise click.ClickException(f"{readme}: {error}") from None
    if check:
        if wanted != current:
            raise click.ClickException(f"{readme} is stale; run 'make readme' and commit it")
        click.echo(f"{readme} is current", err=True)
    elif wanted != current:
        try:
            write_atomic(readme, wanted)
        except OSError as error:
            raise click.ClickException(write_error(error)) from None
        click.echo(f"{readme} updated", err=True)


class _UsageError(click.ClickException):
    exit_code = 2


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(lint_formats.FORMATS),
    default="text",
    show_default=True,
    help="text (grouped by rule), json (a list of findings) or github (workflow annotations).",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option(
    "--fix", is_flag=True, help="Apply the mechanical fixes to contributed entries (no zoterokey) in place."
)
@click.option(
    "--disable",
    multiple=True,
    metavar="RULE",
    help="Skip a rule (repeatable); adds to pyproject.toml/conf.py.",
)
@click.option(
    "--group",
    metavar="ID",
    help="Zotero group id for item links [default: the .zotero.json state, env ZOTERO_GROUP_ID].",
)
@click.option(
    "--since",
    metavar="REF",
    help="Only the entries added or changed since git revision REF (e.g. a pull request's base).",
)
@click.option(
    "--list-rules", is_flag=True, help="Print the rule ids, severities and what they find, then exit."
)
@click.argument("bibfiles", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def lint(fmt, strict, fix, disable, group, since, list_rules, bibfiles) -> None:
    """Report what is wrong with BIBFILES (default: sparsity.bib), with where to fix it.

    \b
    Example:
        python -m ext lint sparsity.bib
        python -m ext lint --format github --strict sparsity.bib
        python -m ext lint --fix sparsity.bib
        python -m ext lint --since origin/main --format github sparsity.bib
    """
    if list_rules:
        for rule in RULES.values():
            fixable = f" [fix: {rule.fixable}]" if rule.fixable else ""
            click.echo(f"{rule.id:20} {rule.severity:8} {rule.summary}{fixable}")
        return
    paths = list(bibfiles) or [Path("sparsity.bib")]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise _UsageError(f"{missing[0]} not found; pass the .bib file to lint")
    try:
        config = load_config(Path.cwd())
    except ConfigError as error:
        raise _UsageError(str(error)) from None
    config = config.merged(LintConfig(frozenset(disable)))
    unknown = unknown_rules(config.disable)
    if unknown:
        raise _UsageError(
            f"unknown lint rule {', '.join(unknown)}; see 'python -m ext lint --list-rules' for the ids"
        )
    try:
        outcome = run_lint(paths, config, fix=fix, group=group, since=since)
    except (FixNotWritten, BibLocked) as error:
        raise click.ClickException(str(error)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise _UsageError(f"cannot read {error}; pass a UTF-8 .bib file") from None
    except SinceError as error:
        raise _UsageError(str(error)) from None
    for line in outcome.fixed:
        click.echo(f"fixed {line}", err=True)
    if fix:
        click.echo(f"{len(outcome.fixed)} fixes in {len(outcome.written)} files", err=True)
    sys.stdout.write(lint_formats.render(outcome.findings, fmt))
    sys.exit(exit_status(outcome.findings, strict))


def _read(bibfiles: tuple[Path, ...], warn: bool = True) -> Bibliography:
    """Read the files; warn about bad entries on stderr (unless the caller reports them)."""
    try:
        bib = read_bib(list(bibfiles))
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"cannot read {error}; pass a UTF-8 .bib file") from None
    for problem in bib.problems if warn else ():
        click.echo(f"{problem.path}:{problem.line}: warning: {problem.message}", err=True)
    return bib
