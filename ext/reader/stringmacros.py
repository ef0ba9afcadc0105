"""``@string`` macros with a budget, so that chained macros cannot grow exponentially.

BibTeX expands ``@string{s1 = s0 # s0}`` when it is defined; a chain of such
definitions doubles at every step, so a 1 KB file can ask for gigabytes (a
"string bomb"). The reader (:mod:`ext.reader.bibfile`) keeps its macros in a
:class:`BoundedMacros`, the mapping both its own fast parser and pybtex's
parser read them from, and reads each entry or ``@string`` inside
:meth:`BoundedMacros.piece`. While a piece is read, every macro it uses is
counted: more than :data:`MAX_PIECE` characters for one piece, more than the
file's budget (:func:`file_budget`) in all, or a macro defined through more
than :data:`MAX_DEPTH` levels of other macros raises :class:`MacroBomb`
before the text is joined, so no piece ever costs more than its budget.
"""

from __future__ import annotations

from collections.abc import Mapping

from pybtex.utils import CaseInsensitiveDict

#: Characters macros may give one entry or ``@string`` (a title or journal is far shorter).
MAX_PIECE = 100_000
#: Levels of macros defined through other macros (real files use one or two: ``jan``, journal names).
MAX_DEPTH = 20


def file_budget(size: int) -> int:
    """Characters macros may give all the pieces of a file of *size* characters together:
    linear in the file, so reading costs at most a constant times what the file weighs."""
    return 1_000_000 + 100 * size


class MacroBomb(Exception):
    """A piece asked for more macro text than its budget allows."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"@string macro '{name}' {reason}")
        self.name = name


class BoundedMacros(CaseInsensitiveDict):
    """pybtex's macro table, counting what each piece reads while :meth:`piece` is active."""

    def __init__(self, macros: Mapping[str, str], budget: int) -> None:
        self.depths: dict[str, int] = {}
        self.budget = budget  #: characters left for the rest of the file
        self._active = False
        self._spent = 0
        self._deepest = 0
        super().__init__(macros)

    def piece(self) -> BoundedMacros:
        """Count the macros read (and check the depth of those defined) until the ``with`` block ends."""
        return self

    def __enter__(self) -> None:
        self._active, self._spent, self._deepest = True, 0, 0

    def __exit__(self, *exc: object) -> None:
        self._active = False
        self.budget -= self._spent

    @property
    def spent(self) -> int:
        """What the last piece read of the macros (characters), charged to the file's budget."""
        return self._spent

    def charge(self, spent: int) -> bool:
        """Charge the piece being read *spent* characters read elsewhere (another process read it with
        these macros): true when that fits the file's budget, as reading it here would have."""
        if self._spent + spent > self.budget:
            return False
        self._spent += spent
        return True

    def __getitem__(self, key: str) -> str:
        value = super().__getitem__(key)
        if self._active:
            self._spent += len(value)
            self._deepest = max(self._deepest, self.depths.get(key.lower(), 0))
            if self._spent > MAX_PIECE:
                raise MacroBomb(key, f"makes the value longer than {MAX_PIECE:,} characters")
            if self._spent > self.budget:
                raise MacroBomb(key, "makes the file's macros expand to more than 100 times its size")
        return value

    def __setitem__(self, key: str, value: str) -> None:
        depth = self._deepest + 1 if self._active else 0
        if depth > MAX_DEPTH:
            raise MacroBomb(key, f"nests @string macros more than {MAX_DEPTH} deep")
        self.depths[key.lower()] = depth
        super().__setitem__(key, value)

    def define_empty(self, key: str) -> None:
        """*key* reads as empty (what BibTeX reads for an undefined macro), with no depth."""
        self.depths[key.lower()] = 0
        super().__setitem__(key, "")
