"""``push``: seed the group from the bib (the curators' one-time migration, safe to repeat).

Entries already in the group — an item pins their citation key, or their
``zoterokey`` names a live item — are skipped, so running push twice creates
nothing the second time. Entries whose key an item in the trash, or deleted
since the last pull, held are never re-created (:mod:`sync.commands.pushplan`). New
items are created 50 per request, each request under an
``If-Unmodified-Since-Version`` precondition and a write token; an item the
server refuses is reported, and the others are created.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ext.reader.bibfile import read_bib
from ext.reader.bibtext import retired_keys
from sync.client.settings import Settings
from sync.client.zotero import WRITE_BATCH, ZoteroClient
from sync.commands import pushplan
from sync.errors import SyncError, VersionMoved
from sync.local.paths import real_bib
from sync.local.state import StateUnusable, SyncState, load_state, state_path
from sync.mapping.tozotero import item_type, to_item


@dataclass
class PushOutcome:
    created: list[str] = field(default_factory=list)  #: created (with --dry-run: to create), keys pinned
    skipped: list[str] = field(default_factory=list)  #: already in the group
    gone: list[str] = field(
        default_factory=list
    )  #: "key: why": their item was trashed or deleted; not re-created
    failed: list[str] = field(default_factory=list)  #: "key: reason" (refused by the server, or unreadable)
    predicted: list[str] = field(default_factory=list)  #: --dry-run: "key: reason" the server will refuse
    writes: int = 0  #: write requests (made, or with --dry-run: to make)
    requests: int = 0


def _state(settings: Settings) -> SyncState | None:
    try:
        return load_state(state_path(real_bib(settings.bib)), settings.library)
    except StateUnusable:
        return None  # without it, the bib's header still lists the retired keys


def _group(client: ZoteroClient, state: SyncState | None) -> tuple[pushplan.Group, int]:
    """What the group holds, and the library version the writes are based on."""
    remote = client.fetch_all()
    trashed = {item["key"]: pushplan.pinned_by(item.get("data", {})) for item in client.fetch_trash()}
    group = pushplan.Group(
        live={item["key"] for item in remote.items},
        pins={pin.lower() for item in remote.items if (pin := pushplan.pinned_by(item.get("data", {})))},
        trashed=trashed,
        deleted=set(client.deleted_since(state.version if state else 0)),
    )
    return group, remote.version


def push(
    settings: Settings,
    client: ZoteroClient,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> PushOutcome:
    """Create an item for every entry of the bib that the group does not have, nor had."""
    bib = read_bib(settings.bib)
    outcome = PushOutcome(failed=[f"{p.key or '?'}: {p.message}" for p in bib.problems])
    state = _state(settings)
    text = settings.bib.read_text(encoding="utf-8", errors="replace")
    retired = {**retired_keys(text), **(state.retired if state else {})}
    group, version = _group(client, state)
    plan = pushplan.plan(dict(bib.data.entries), group, pushplan.held_keys(group, state, retired))
    outcome.skipped, outcome.gone = plan.present, plan.gone
    outcome.writes = -(-len(plan.create) // WRITE_BATCH)
    if dry_run:
        for key, entry in plan.create:
            data = to_item(entry, key, pushplan.local_template(item_type(entry)))
            outcome.predicted += [f"{key}: {reason}" for reason in pushplan.refusals(data)]
        outcome.created = [key for key, _ in plan.create]
        outcome.requests = client.requests
        return outcome
    _create(client, plan.create, version, outcome, progress)
    outcome.requests = client.requests
    return outcome


def _create(
    client: ZoteroClient,
    pending: list,
    version: int,
    outcome: PushOutcome,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Create *pending* (key, entry) pairs 50 per request; record what was created and what refused."""
    templates: dict[str, dict] = {}
    items = []
    for key, entry in pending:
        kind = item_type(entry)
        if kind not in templates:
            templates[kind] = client.template(kind)
        items.append((key, to_item(entry, key, templates[kind])))
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
