"""Command line of the extension's pure core.

* ``python -m ext render --format markdown|text FILE.bib`` prints the list;
* ``python -m ext readme [--check] README.md FILE.bib`` rewrites (or checks)
  the generated section of the README.

Problems in a .bib go to stderr as ``FILE:LINE: warning: ...`` and never stop
the other entries; errors are one ``Error: ...`` line and exit status 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .bibfile import Bibliography, read_bib
from .fileio import write_atomic
from .readme import MarkerError, replace_list
from .render import FORMATS, render_list

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
    current = readme.read_text(encoding="utf-8")
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
        wanted = replace_list(current, render_list(bib, "markdown"))
    except MarkerError as error:
        raise click.ClickException(f"{readme}: {error}") from None
    if check:
        if wanted != current:
            raise click.ClickException(f"{readme} is stale; run 'make readme' and commit it")
        click.echo(f"{readme} is current", err=True)
    elif wanted != current:
        write_atomic(readme, wanted)
        click.echo(f"{readme} updated", err=True)


def _read(bibfiles: tuple[Path, ...], warn: bool = True) -> Bibliography:
    """Read the files; warn about bad entries on stderr (unless the caller reports them)."""
    try:
        bib = read_bib(list(bibfiles))
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"cannot read {error}; pass a UTF-8 .bib file") from None
    for problem in bib.problems if warn else ():
        click.echo(f"{problem.path}:{problem.line}: warning: {problem.message}", err=True)
    return bib
