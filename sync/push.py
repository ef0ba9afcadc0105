"""``push``: seed the group from the bib (the curators' one-time migration, safe to repeat).

Entries already in the group — an item pins their citation key, or their
``zoterokey`` names a live item — are skipped, so running push twice creates
nothing the second time. New items are created 50 per request, each request
under an ``If-Unmodified-Since-Version`` precondition and a write token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ext.bibfile import read_bib

from . import citekeys
from .errors import SyncError, VersionMoved
from .settings import Settings
from .tozotero import item_type, to_item
from .zotero import WRITE_BATCH, ZoteroClient


@dataclass
class PushOutcome:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  #: already in the group
    failed: list[str] = field(default_factory=list)  #: "key: reason"
    requests: int = 0


def push(
    settings: Settings,
    client: ZoteroClient,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> PushOutcome:
    """Create an item for every entry of the bib that the group does not have yet."""
    bib = read_bib(settings.bib)
    outcome = PushOutcome(failed=[f"{p.key or '?'}: {p.message}" for p in bib.problems])
    remote = client.fetch_all()
    present = {item["key"] for item in remote.items}
    pinned = {pin.lower() for item in remote.items if (pin := citekeys.pinned_key(item.get("data", {})))}
    pending = []
    for key, entry in bib.data.entries.items():
        if key.lower() in pinned or entry.fields.get("zoterokey", "").strip() in present:
            outcome.skipped.append(key)
        else:
            pending.append((key, entry))
    if dry_run or not pending:
        outcome.created = [key for key, _ in pending] if dry_run else []
        outcome.requests = client.requests
        return outcome
    templates: dict[str, dict] = {}
    items = []
    for key, entry in pending:
        kind = item_type(entry)
        if kind not in templates:
            templates[kind] = client.template(kind)
        items.append((key, to_item(entry, key, templates[kind])))
    version = remote.version
    for start in range(0, len(items), WRITE_BATCH):
        batch = items[start : start + WRITE_BATCH]
        try:
            report, version = client.create_items([data for _, data in batch], version)
        except VersionMoved:
            raise SyncError(
                "the group changed while pushing; run push again (it skips what was created)"
            ) from None
        for index, (key, _) in enumerate(batch):
            failure = report.get("failed", {}).get(str(index))
            if failure:
                outcome.failed.append(f"{key}: {failure.get('message', 'refused')} ({failure.get('code')})")
            else:
                outcome.created.append(key)
        if progress:
            progress(start + len(batch), len(items))
    outcome.requests = client.requests
    return outcome
