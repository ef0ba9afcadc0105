"""What an editor did, as biblatex's ``editortype`` says it: the label and the verb Chicago prints.

A ``@collection`` is often compiled, directed or redacted rather than edited;
CMOS 14.103 prints "comp." after a compiler's name where an editor gets "ed.",
and "compiled by" where it writes "edited by". An ``editortype`` the table does not
know prints as "ed.", as biblatex's own default does.
"""

from __future__ import annotations

#: ``editortype`` → (singular label, plural label, verb).
ROLES = {
    "editor": ("ed.", "eds.", "edited"),
    "compiler": ("comp.", "comps.", "compiled"),
    "director": ("dir.", "dirs.", "directed"),
    "redactor": ("red.", "reds.", "redacted"),
    "founder": ("founder", "founders", "founded"),
    "continuator": ("cont.", "conts.", "continued"),
    "organizer": ("org.", "orgs.", "organized"),
    "reviser": ("rev.", "revs.", "revised"),
}


def _role(editortype: str | None) -> tuple[str, str, str]:
    return ROLES.get((editortype or "editor").strip().lower(), ROLES["editor"])


def editor_label(editortype: str | None, plural: bool) -> str:
    """ "ed."/"eds.", or "comp."/"comps." for ``editortype = {compiler}``, …"""
    single, many, _ = _role(editortype)
    return many if plural else single


def editor_verb(editortype: str | None) -> str:
    """ "edited", or "compiled" for ``editortype = {compiler}``, …"""
    return _role(editortype)[2]
