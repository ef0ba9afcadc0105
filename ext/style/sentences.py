"""The building blocks of an entry as light runs (:mod:`ext.style.runs`): fields, names, sentences.

:class:`Sentences` joins the parts of an entry with CSL's delimiters without
doubling punctuation; :func:`join_names` and :func:`contributors` print author
lists.
"""

from __future__ import annotations

from ext.reader.fields import Fields
from ext.reader.names import Name
from ext.style.quotes import END_PUNCT
from ext.style.roles import editor_label
from ext.style.runs import (
    EM,
    Piece,
    Runs,
    cased_runs,
    cat,
    drop_last,
    endswith,
    field_runs,
    plain,
    swap_quotes,
    wrap,
)

_CLOSING_QUOTES = ("\u2019", "\u201d")
_PERIOD: Runs = (((), "."),)


def field(fields: Fields, name: str) -> Runs | None:
    """The decoded value of field *name*, or ``None`` when the entry has none."""
    raw = fields.raw(name)
    return field_runs(raw) if raw is not None else None


def cased(fields: Fields, name: str) -> Runs | None:
    """Field *name* in headline case for English entries only (CSL cases English items only)."""
    raw = fields.raw(name)
    if raw is None:
        return None
    return cased_runs(raw) if fields.english else field_runs(raw)


def italic(fields: Fields, name: str | None) -> Runs | None:
    """Field *name* cased and in italics (a venue, a book)."""
    text = cased(fields, name) if name is not None else None
    return wrap(EM, text) if text is not None else None


def _inverted(name: Name) -> Runs:
    """ "Maaten, Laurens van der" (as :meth:`ext.reader.names.Name.inverted`)."""
    given = " ".join(part for part in (name.given, name.particle) if part)
    return field_runs(", ".join(part for part in (name.family, given, name.suffix) if part))


def _natural(name: Name) -> Runs:
    """ "Laurens van der Maaten" (as :meth:`ext.reader.names.Name.natural`)."""
    return field_runs(
        " ".join(part for part in (name.given, name.particle, name.family, name.suffix) if part)
    )


def _joined(parts: list[Runs], sep: str, last_sep: str | None = None) -> list[Piece]:
    pieces: list[Piece] = []
    for i, part in enumerate(parts):
        if i:
            pieces.append(last_sep if last_sep is not None and i == len(parts) - 1 else sep)
        pieces.append(part)
    return pieces


def join_names(
    names: list[Name], others: bool, *, invert_first: bool, et_al_min: int = 11, et_al_use_first: int = 7
) -> Runs:
    """ "A, B, and C" with the Chicago serial comma; long lists end in "et al."."""
    if len(names) + others >= et_al_min:  # "and others" counts as a name, as in citeproc
        names, others = names[:et_al_use_first], True
    printed = [_inverted(name) if invert_first and i == 0 else _natural(name) for i, name in enumerate(names)]
    if others:
        sep = ", " if len(printed) > 1 else " "
        return cat(*_joined(printed, ", "), sep + "et al.")
    if len(printed) == 2:
        return cat(printed[0], ", and " if invert_first else " and ", printed[1])
    return cat(*_joined(printed, ", ", ", and "))


def contributors(fields: Fields) -> Runs | None:
    """The author list, or the editors with "ed."/"eds." when there is no author."""
    authors, others = fields.authors
    if authors:
        return join_names(authors, others, invert_first=True)
    editors, others = fields.editors
    if editors:
        label = editor_label(fields.raw("editortype"), len(editors) > 1 or others)
        return cat(join_names(editors, others, invert_first=True), ", " + label)
    translators, others = fields.translators
    if translators:
        return cat(join_names(translators, others, invert_first=True), ", trans.")
    return None


def contributors_or_dash(fields: Fields, repeats_authors: bool) -> Runs | None:
    """The author list, or ``———`` when it repeats the previous entry's ("———, ed." for editors)."""
    if repeats_authors:
        if fields.authors[0]:
            return cat("\u2014\u2014\u2014")
        editors, others = fields.editors
        return cat(
            "\u2014\u2014\u2014, " + editor_label(fields.raw("editortype"), len(editors) > 1 or others)
        )
    return contributors(fields)


def quoted(title: Runs, punct: str) -> Runs:
    """“Title.”, with the period (or comma) inside every closing quote: “… ‘No Free Lunch.’”"""
    if endswith(title, END_PUNCT):
        return cat("\u201c", title, "\u201d")
    closing = ""
    while endswith(title, _CLOSING_QUOTES) and len(closing) < len(plain(title)):
        closing = title[-1][1][-1] + closing
        title = drop_last(title)
    if endswith(title, END_PUNCT):
        return cat("\u201c", title, closing, "\u201d")
    return cat("\u201c", title, punct, closing, "\u201d")


def inner_quotes(title: Runs) -> Runs:
    """Quotes inside a quoted title become single quotes, as Chicago nests them."""
    quotes = any("\u201c" in text or "\u201d" in text for _, text in title)
    return swap_quotes(title) if quotes else title


class Sentences:
    """Joins pieces with CSL delimiters without doubling punctuation.

    A quoted title takes the following period inside its closing quote
    (“Title.”), and a piece that already ends in ``.``/``?``/``!`` absorbs the
    next period, as citeproc does.
    """

    def __init__(self) -> None:
        self.parts: list[Runs] = []
        self.last: Runs = ()  # what was added last
        self.quoted = False
        self.quoted_title: Runs = ()

    def add(self, piece: Piece, prefix: str = ". ") -> None:
        if not piece:
            return
        runs = cat(piece) if isinstance(piece, str) else piece
        if self.parts:
            if prefix.startswith(".") and (self.quoted or endswith(self.last, END_PUNCT)):
                prefix = prefix[1:]
            elif prefix.startswith(",") and self.quoted:  # “Title,” 73+: the comma goes inside
                self.parts[-1] = quoted(self.quoted_title, ",")
                prefix = prefix[1:]
            self.parts.append((((), prefix),) if prefix else ())
        self.parts.append(runs)
        self.last = runs
        self.quoted = False

    def addquoted(self, title: Runs, prefix: str = ". ") -> None:
        title = inner_quotes(title)
        self.add(quoted(title, "."), prefix)
        self.quoted = True
        self.quoted_title = title

    def finish(self) -> Runs:
        if self.parts and not self.quoted and not endswith(self.last, END_PUNCT):
            self.parts.append(_PERIOD)
        return tuple(run for part in self.parts for run in part)
