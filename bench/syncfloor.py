"""The floor of a pull through pyzotero: the same requests as ``python -m sync pull``, nothing else.

Run as a new process by :func:`bench.sync.measure_cli`, next to the command itself: Python starts,
pyzotero loads (its BibTeX and feed parsers deferred, as the sync defers them), and the requests
of the pull are made in the same rounds, at most four at once; nothing is converted, compared,
locked or written. A pull that loads pyzotero and waits for these answers does all of this and
more, so a target well below this time is out of reach on the machine measured while pyzotero is
the one way the sync talks to Zotero.

``python bench/syncfloor.py no-op VERSION``: one request, the item versions since VERSION.
``python bench/syncfloor.py full``: the first page of items with the collections, then the
other pages. The server, key and group come from ``ZOTERO_API_URL``, ``ZOTERO_API_KEY`` and
``ZOTERO_GROUP_ID``.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor

from sync.client.deferred import defer

defer()

import httpx2  # noqa: E402
from pyzotero import zotero  # noqa: E402

PAGE = 100
ITEMS = {"itemType": "-attachment || note", "limit": PAGE, "sort": "dateAdded", "direction": "asc"}


def _zotero(client: httpx2.Client) -> zotero.Zotero:
    zot = zotero.Zotero(os.environ["ZOTERO_GROUP_ID"], "group", os.environ["ZOTERO_API_KEY"], client=client)
    zot.endpoint = os.environ["ZOTERO_API_URL"]
    return zot


def main(scenario: str, since: str = "0") -> None:
    client = httpx2.Client(trust_env=False, timeout=30, limits=httpx2.Limits(max_connections=4))
    if scenario == "no-op":
        _zotero(client).item_versions(since=int(since), includeTrashed=1, itemType=ITEMS["itemType"])
        return
    # one pyzotero object a request (it keeps per-call state), all kept: it closes its client when collected
    zots = [_zotero(client) for _ in range(5)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        collections = pool.submit(zots[0].collections, limit=PAGE)
        zots[1].top(start=0, **ITEMS)
        total = int(zots[1].request.headers["total-results"])
        starts = list(range(PAGE, total, PAGE))
        for at in range(0, len(starts), 4):  # at most four at once, as the sync asks them
            chunk = starts[at : at + 4]
            list(pool.map(lambda zot, start: zot.top(start=start, **ITEMS), zots[1 : 1 + len(chunk)], chunk))
        collections.result()


if __name__ == "__main__":
    main(*sys.argv[1:])
