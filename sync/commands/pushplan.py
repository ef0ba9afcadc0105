"""What ``push`` may create, and what the server will refuse (pure: bib, group and state in, a plan out).

Two rules keep a push from undoing curators' work and from failing blind:

* an entry is created only when no item — live, in the trash, or deleted since
  the last pull — has held its citation key or is named by its ``zoterokey``.
  Otherwise a push run after a contributor's merge, but before the sync pull
  request removing a deleted paper lands, would bring the paper back (and a
  trashed item and its new copy would pin the same key). Such entries are
  reported, never created; the next pull removes them from the bib, or a
  curator restores the item in Zotero.
* what the server refuses is known from Zotero's schema and limits: a creator
  type the item type does not allow (an editor on a thesis: 400), a tag over
  255 characters or a field over 65 535 bytes (413). ``push --dry-run`` lists
  them with the plan; ``push`` sends the rest and reports the server's refusals.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from pybtex.database import Entry

from sync.local.state import SyncState
from sync.mapping import citekeys, schema

MAX_TAG_CHARS = 255  #: the server refuses longer tags (413)
MAX_FIELD_BYTES = 65535  #: the server refuses longer field values (413)


@dataclass
class Group:
    """What the group holds, as far as push cares."""

    live: set[str]  #: keys of live top-level items
    pins: set[str]  #: citation keys pinned by live items, lower case
    trashed: dict[str, str]  #: item key → the citation key it pins ("" if none), for items in the trash
    deleted: set[str]  #: item keys deleted since the last pull


@dataclass
class Plan:
    present: list[str] = field(default_factory=list)  #: entries the group has already
    gone: list[str] = field(default_factory=list)  #: "key: why" — their item was trashed or deleted
    create: list[tuple[str, Entry]] = field(default_factory=list)


def held_keys(group: Group, state: SyncState | None, retired: dict[str, str]) -> dict[str, str]:
    """Citation key (lower case) → why push must not give it to a new item."""
    held: dict[str, str] = {}
    for key, item in retired.items():
        held[key.lower()] = f"the key was retired when item {item or '?'} was deleted or renamed"
    for item, pin in group.trashed.items():
        if pin:
            held[pin.lower()] = f"item {item}, in the Zotero trash, pins this key"
    for item, item_state in (state.items if state else {}).items():
        if item_state.key and (item in group.trashed or item in group.deleted):
            where = "is in the Zotero trash" if item in group.trashed else "was deleted in Zotero"
            held[item_state.key.lower()] = f"item {item}, which held this key, {where}"
    return held


def plan(entries: dict[str, Entry], group: Group, held: dict[str, str]) -> Plan:
    """Sort the bib's entries into present, gone (reported, never re-created) and to create."""
    result = Plan()
    for key, entry in entries.items():
        item = entry.fields.get("zoterokey", "").strip()
        if key.lower() in group.pins or item in group.live:
            result.present.append(key)
        elif item in group.trashed:
            result.gone.append(f"{key}: its item {item} is in the Zotero trash; {_FIX}")
        elif item in group.deleted:
            result.gone.append(f"{key}: its item {item} was deleted in Zotero; {_FIX}")
        elif key.lower() in held:
            result.gone.append(f"{key}: {held[key.lower()]}; {_FIX}")
        else:
            result.create.append((key, entry))
    return result


_FIX = "not re-created (the next pull removes the entry; restore the item in Zotero to keep it)"


def refusals(data: dict) -> list[str]:
    """Why the server will refuse item *data* (empty when it will not), from the schema and its limits."""
    kind = str(data.get("itemType", ""))
    allowed = schema.creator_types(kind)
    found = []
    for creator_type in dict.fromkeys(str(c.get("creatorType")) for c in data.get("creators") or []):
        if creator_type not in allowed and creator_type != "author":  # author is allowed on every type
            found.append(f"creator type '{creator_type}' is not allowed for item type '{kind}' (400)")
    for tag in data.get("tags") or []:
        if len(str(tag.get("tag", ""))) > MAX_TAG_CHARS:
            found.append(f"tag '{str(tag['tag'])[:40]}…' is over {MAX_TAG_CHARS} characters (413)")
    for name, value in data.items():
        if isinstance(value, str) and len(value.encode("utf-8")) > MAX_FIELD_BYTES:
            found.append(f"field {name} is {len(value.encode('utf-8'))} bytes, over {MAX_FIELD_BYTES} (413)")
    return found


def local_template(kind: str) -> dict:
    """The empty item the server's template endpoint gives, made from the bundled schema (no request)."""
    data: dict = {"itemType": kind, "creators": []}
    data.update(dict.fromkeys(schema.fields(kind), ""))
    data.update({"tags": [], "collections": [], "relations": {}})
    return data


def pinned_by(data: dict) -> str:
    """The citation key item *data* pins ("" when none)."""
    return citekeys.pinned_key(data) or ""


def describe(outcome, bib: str, library: str) -> str:
    """The dry run's plan, for a curator about to push (*outcome* is a :class:`sync.commands.push.PushOutcome`)."""
    lines = [f"Plan for pushing {bib} into {library} (--dry-run: nothing is written):"]
    if outcome.created:
        lines.append(
            f"- create {len(outcome.created)} items in {outcome.writes} write requests of at most 50 "
            "(after one template request per item type), each pinning its citation key:"
        )
        lines += textwrap.wrap(
            ", ".join(outcome.created), 100, initial_indent="    ", subsequent_indent="    "
        )
    else:
        lines.append("- create nothing")
    lines.append(f"- skip {len(outcome.skipped)} entries the group has already")
    for title, found in (
        ("not re-create", outcome.gone),
        ("the server will refuse (fix them in the bib; push sends the rest)", outcome.predicted),
        ("cannot read", outcome.failed),
    ):
        if found:
            lines.append(f"- {title}: {len(found)}")
            lines += [f"    {line}" for line in found]
    return "\n".join(lines)
