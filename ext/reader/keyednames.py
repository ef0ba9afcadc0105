"""biblatex's keyed name syntax: ``family=Müller, given=Hans, prefix=von, suffix=Jr.``.

biblatex (and Better BibTeX for biblatex) writes a name whose parts BibTeX's
comma rules cannot say this way; BibTeX's parser would read "given=Hans" as a
family name. :func:`keyed_person` reads the parts by their keys instead
(``useprefix`` and the ``-i`` initials keys only steer biblatex's own output and
are ignored).
"""

from __future__ import annotations

import re

from pybtex.database import Person

_START = re.compile(r"\s*(?:family|given|prefix|suffix)\s*=", re.IGNORECASE)
_PART = re.compile(r"([A-Za-z][\w-]*)\s*=\s*(\{(?:[^{}]|\{[^{}]*\})*\}|\"[^\"]*\"|[^,]*)")
_ROLES = {"family": "last", "given": "first", "prefix": "prelast", "suffix": "lineage"}


def keyed_person(name: str) -> Person | None:
    """The person a keyed name names, or ``None`` for a name in BibTeX's own syntax."""
    if not _START.match(name):
        return None
    parts: dict[str, str] = {}
    for key, value in _PART.findall(name):
        role = _ROLES.get(key.lower())
        if role is not None:
            value = value.strip()
            if value[:1] in '{"' and value[-1:] in '}"':
                value = value[1:-1].strip()
            parts[role] = value
    if "last" not in parts:
        return None
    return Person(**parts)
