"""``fix``: apply the mechanical fixes of :mod:`sync.mapping.fixes` in the group (orchestration only).

A dry run reads the library and writes nothing. ``--apply`` writes 50 items per
request, each with its own version precondition; an item changed meanwhile is
reported and left for the next run. The bib changes with the next pull.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sync.client.settings import Settings
from sync.client.zotero import WRITE_BATCH, ZoteroClient
from sync.errors import SyncError, VersionMoved
from sync.mapping.fixes import ItemFix, plan_fixes


@dataclass
class FixOutcome:
    planned: list[ItemFix]
    applied: list[str] = field(default_factory=list)  #: item keys written
    failed: list[str] = field(default_factory=list)  #: "KEY: reason"
    version: int = 0
    requests: int = 0


def fix(
    settings: Settings,
    client: ZoteroClient,
    *,
    apply: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> FixOutcome:
    """Plan the fixes for every item of the group; write them with *apply*."""
    remote = client.fetch_all(progress)
    outcome = FixOutcome(plan_fixes(remote.items), version=remote.version)
    if not apply:
        outcome.requests = client.requests
        return outcome
    writable = [plan for plan in outcome.planned if plan.changes]
    for start in range(0, len(writable), WRITE_BATCH):
        batch = writable[start : start + WRITE_BATCH]
        try:
            report, version = client.update_items([plan.patch() for plan in batch])
        except VersionMoved:
            raise SyncError(
                "a write was retried after a dropped answer and may have gone through; "
                "run 'python -m sync fix' again to see what is left"
            ) from None
        outcome.version = version or outcome.version
        for index, plan in enumerate(batch):
            failure = report.get("failed", {}).get(str(index))
            if failure is None:
                outcome.applied.append(plan.key)
            elif failure.get("code") == 412:
                outcome.failed.append(f"{plan.key}: changed in Zotero since it was read; run fix again")
            else:
                outcome.failed.append(
                    f"{plan.key}: {failure.get('message', 'refused')} ({failure.get('code')})"
                )
    outcome.requests = client.requests
    return outcome
