"""The library endpoints (items, collections, tags, searches, deleted, group metadata)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import bibtex, query, render, writes
from .auth import ApiKey
from .errors import ApiError
from .library import Collection, Item, Library
from .search import fold, search, sort_collections
from .validate import is_key
from .wire import Request, Response, json_response

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
CHILD_BEARING_ATTACHMENTS = ("application/pdf", "application/epub+zip", "text/html")


@dataclass
class Context:
    """One request against one library; endpoint methods run with the library lock held."""

    req: Request
    lib: Library
    params: query.Params
    key: ApiKey | None
    readable: bool
    writable: bool

    def items(self, subset: str | None, object_key: str | None) -> Response:
        """``/items[/top|/trash]``, ``/items/{key}[/children]``, ``/collections/{key}/items[/top]``."""
        method, lib, p = self.req.method, self.lib, self.params
        if method in WRITE_METHODS and not self.writable:
            raise ApiError(403, "Write access denied")
        if subset == "single":
            return self._single_item(object_key)
        if method not in ("GET", "HEAD") and (subset or method not in ("POST", "DELETE")):
            raise ApiError(405, "Method not allowed")
        if not self.readable:
            raise ApiError(403, "Forbidden")
        header = self.req.headers.get("if-unmodified-since-version")
        if method == "POST":
            # A write refused as a whole (ApiError: 400, 413, 428 …) answers without Last-Modified-Version,
            # 412 with it (tests/remote/tests/3/version.test.js "should not include library version for 400",
            # "should include library version for 412"); a write report always carries it.
            report = writes.post_items(lib, self.req.body, self._user(), header, self._render_item)
            return json_response(report, {"Last-Modified-Version": str(lib.version)})
        if method == "DELETE":
            writes.delete_items(lib, p.item_keys, header)
            return Response(204, headers={"Last-Modified-Version": str(lib.version)})
        candidates: list[Item] = list(lib.items.values())
        if subset == "trash":
            p.include_trashed = True
            candidates = [i for i in candidates if i.trashed]
        elif subset == "children":
            candidates = lib.children(self._parent(object_key).key, include_trashed=True)
        elif subset in ("collection", "collection-top"):
            if object_key not in lib.collections:
                raise ApiError(404, "Collection not found")
            members = {i.key for i in candidates if object_key in i.data.get("collections", [])}
            with_children = subset == "collection"  # /collections/{key}/items includes child items
            candidates = [i for i in candidates if (lib.top_of(i) if with_children else i).key in members]
        results = search(lib, p, candidates, top=subset in ("top", "collection-top"))
        return self._multi(results, self._render_item)

    def collections(self, subset: str | None, object_key: str | None) -> Response:
        """``/collections``, ``/collections/top``, ``/collections/{key}[/collections]``."""
        lib = self.lib
        if subset == "single":
            coll = lib.collections.get(object_key or "")
            if coll is None:
                raise ApiError(404, "Collection not found" if is_key(object_key) else "Not found")
            headers = {"Last-Modified-Version": str(coll.version)}
            return json_response(render.collection_json(lib, coll, self.req.base), headers)
        if subset == "children" and object_key not in lib.collections:
            raise ApiError(404, "Collection not found")
        parent = object_key if subset == "children" else None
        colls = [c for c in lib.collections.values() if subset is None or c.parent == parent]
        if self.params.since is not None:
            colls = [c for c in colls if c.version > self.params.since]
        return self._multi(sort_collections(colls, self.params), self._render_collection)

    def tags(self) -> Response:
        """``/tags``: one object per (name, type) over non-trashed items, by name unless sort=numItems."""
        counts: dict[tuple[str, int], int] = {}
        for item in self.lib.items.values():
            for tag in [] if item.trashed else item.data.get("tags", []):
                pair = (tag["tag"], tag.get("type", 0))
                counts[pair] = counts.get(pair, 0) + 1
        if self.params.sort == "numItems":
            order = sorted(counts, key=lambda pair: (counts[pair], fold(pair[0])))
        else:
            order = sorted(counts, key=lambda pair: (fold(pair[0]), pair[1]))
        if "direction" in self.req.query and self.params.direction == "desc":
            order.reverse()

        def as_json(pair: tuple[str, int]) -> dict[str, Any]:
            return render.tag_json(self.lib, pair[0], pair[1], counts[pair], self.req.base)

        return self._multi(order, as_json)

    def searches(self) -> Response:
        """``/searches``: saved searches are not modelled, so always empty (headers still right)."""
        return self._multi([], dict)

    def deleted(self) -> Response:
        """``/deleted?since=``: keys from the delete log, not trashed items."""
        if self.params.since is None:
            raise ApiError(400, "'since' parameter must be provided")
        kinds = ("collections", "items", "searches", "tags")
        body: dict[str, list[str]] = {k: self.lib.deleted_since(k, self.params.since) for k in kinds}
        body["settings"] = []
        return json_response(body, {"Last-Modified-Version": str(self.lib.version)})

    def groups(self) -> Response:
        """``/groups/{id}``: metadata; its Last-Modified-Version is the group's, not the library's."""
        headers = {"Last-Modified-Version": str(self.lib.group_version)}
        return json_response(render.group_json(self.lib, self.req.base), headers)

    def _single_item(self, key: str | None) -> Response:
        method, lib, header = self.req.method, self.lib, self.req.headers.get("if-unmodified-since-version")
        if key is None or not is_key(key):
            raise ApiError(404, "Not found")
        if method in ("PUT", "PATCH"):
            writes.write_item(lib, key, method, self.req.body, self._user(), header)
            return Response(204, headers={"Last-Modified-Version": str(lib.version)})
        if method == "DELETE":
            writes.delete_item(lib, key, header)
            return Response(204, headers={"Last-Modified-Version": str(lib.version)})
        if method not in ("GET", "HEAD"):
            raise ApiError(405, "Method not allowed")
        item = lib.items.get(key)
        if item is not None and not self.readable:
            raise ApiError(404, "Not found")  # the server does not reveal that the item exists
        if item is None:
            raise ApiError(404, "Item does not exist")
        headers = {"Last-Modified-Version": str(item.version)}
        if self.params.format in ("bibtex", "biblatex"):
            return Response(200, bibtex.render(lib, [item]).encode(), "application/x-bibtex", headers)
        return json_response(self._render_item(item), headers)

    def _parent(self, key: str | None) -> Item:
        item = self.lib.items.get(key or "")
        if item is None:
            raise ApiError(404, "Item not found")
        if item.item_type == "attachment" and item.data.get("contentType") not in CHILD_BEARING_ATTACHMENTS:
            raise ApiError(400, "/children can only be called on PDF, EPUB, and snapshot attachments")
        return item

    def _user(self) -> Any:
        assert self.key is not None  # writes without a key were refused earlier
        return self.key.user

    def _render_item(self, item: Item) -> dict[str, Any]:
        exports = {
            name: bibtex.render(self.lib, [item])
            for name in ("bibtex", "biblatex")
            if name in self.params.include
        }
        return render.item_json(self.lib, item, self.req.base, self.params.include, exports)

    def _render_collection(self, coll: Collection) -> dict[str, Any]:
        return render.collection_json(self.lib, coll, self.req.base)

    def _multi(self, results: list, as_json: Callable[[Any], Any]) -> Response:
        """One page in the requested format, with Total-Results, Link and Last-Modified-Version.

        keys/versions read ``.key``/``.version``; those formats only exist for items and collections.
        """
        p, lib = self.params, self.lib
        window = query.page(results, p)
        headers = {
            "Total-Results": str(len(results)),
            "Link": query.link_header(self.req.base, self.req.path, len(results), p),
            "Last-Modified-Version": str(lib.version),
        }
        if p.format == "keys":
            return Response(200, ("\n".join(r.key for r in window) + "\n").encode(), "text/plain", headers)
        if p.format == "versions":
            return json_response({r.key: r.version for r in window}, headers)
        if p.format in ("bibtex", "biblatex"):
            return Response(200, bibtex.render(lib, window).encode(), "application/x-bibtex", headers)
        return json_response([as_json(r) for r in window], headers)
