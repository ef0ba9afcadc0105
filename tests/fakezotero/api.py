"""Request checks in the dataserver's order, routing, and the non-library endpoints.

Order (``ApiController::init``): Expect → empty write body → key → write token → key required
for writes → group id → ``If-Modified-Since-Version`` → query parameters → access.
"""

from __future__ import annotations

import re
import threading

from . import query
from .auth import ApiKey, find_key
from .endpoints import WRITE_METHODS, Context
from .errors import ApiError
from .library import Library
from .schema import Schema
from .wire import Request, Response, json_response, text_error

CONDITIONAL = ("items", "collections", "searches", "tags")
# (path after /groups/{id}, action, subset); the pattern's group 1 is the object key.
GROUP_ROUTES = [
    (r"", "groups", None),
    (r"/items", "items", None),
    (r"/items/top", "items", "top"),
    (r"/items/trash", "items", "trash"),
    (r"/items/([^/]+)", "items", "single"),
    (r"/items/([^/]+)/children", "items", "children"),
    (r"/collections", "collections", None),
    (r"/collections/top", "collections", "top"),
    (r"/collections/([^/]+)", "collections", "single"),
    (r"/collections/([^/]+)/collections", "collections", "children"),
    (r"/collections/([^/]+)/items", "items", "collection"),
    (r"/collections/([^/]+)/items/top", "items", "collection-top"),
    (r"/tags", "tags", None),
    (r"/searches", "searches", None),
    (r"/deleted", "deleted", None),
]
MAPPINGS = (
    "/itemTypes",
    "/itemFields",
    "/itemTypeFields",
    "/itemTypeCreatorTypes",
    "/creatorFields",
    "/items/new",
)


class Api:
    """Answers requests against the server's groups, keys and schema."""

    def __init__(self, schema: Schema, groups: dict[int, Library], keys: dict[str, ApiKey]) -> None:
        self.schema = schema
        self.groups = groups
        self.keys = keys
        self._tokens: set[tuple[str, str]] = set()
        self._tokens_lock = threading.Lock()

    def handle(self, req: Request) -> Response:
        try:
            return self._handle(req)
        except ApiError as error:
            return text_error(error.status, error.message, error.headers)

    def _handle(self, req: Request) -> Response:
        if "expect" in req.headers:
            raise ApiError(417, "Expect header is not supported")
        if req.method in ("POST", "PUT", "PATCH") and not req.body:
            raise ApiError(400, f"{req.method} data not provided")
        key = find_key(req.headers, req.query, self.keys)
        token = self._check_write_token(req, key)
        path = req.path.rstrip("/") or "/"
        if match := re.fullmatch(r"/keys/([^/]+)", path):
            return self._key_info(match.group(1), key, req)
        if req.method in WRITE_METHODS and key is None:
            raise ApiError(403, "An API key is required for write requests.")
        if match := re.fullmatch(r"/groups/([^/]+)(/.*)?", path):
            response = self._group(req, key, match.group(1), match.group(2) or "")
            if token and response.status < 300:
                with self._tokens_lock:
                    self._tokens.add(token)
            return response
        if path not in MAPPINGS:
            raise ApiError(404, "Not found")
        query.parse(req.query, "mappings", False, req.headers.get("zotero-api-version"))
        return self._schema_endpoint(req, path)

    def _check_write_token(self, req: Request, key: ApiKey | None) -> tuple[str, str] | None:
        """``Zotero-Write-Token``: a token the same key already used in a successful write → 412."""
        token = req.headers.get("zotero-write-token")
        if key is None or not token or req.method not in WRITE_METHODS:
            return None
        if not 5 <= len(token) <= 32:
            raise ApiError(400, "Write token must be 5-32 characters in length")
        with self._tokens_lock:
            if (key.key, token) in self._tokens:
                raise ApiError(412, "Write token already used")
        return key.key, token

    def _key_info(self, name: str, key: ApiKey | None, req: Request) -> Response:
        query.parse(req.query, "keys", True, req.headers.get("zotero-api-version"))
        if name == "current" and key is None:
            raise ApiError(403, "Forbidden")
        target = key if name == "current" else self.keys.get(name)
        if target is None:
            raise ApiError(404, f"Key '{name}' not found")
        return json_response(target.to_json())

    def _schema_endpoint(self, req: Request, path: str) -> Response:
        args = {k: v[-1] for k, v in req.query.items()}
        locale, item_type = args.get("locale") or "en-US", args.get("itemType")
        if path == "/items/new":
            return json_response(
                self.schema.template(item_type, args.get("linkMode"), args.get("annotationType"))
            )
        if path == "/itemTypes":
            return json_response(self.schema.item_types_json(locale))
        if path == "/itemFields":
            return json_response(self.schema.item_fields_json(locale))
        if path == "/itemTypeFields":
            return json_response(self.schema.item_type_fields_json(item_type, locale))
        if path == "/itemTypeCreatorTypes":
            return json_response(self.schema.creator_types_json(item_type, locale))
        return json_response(self.schema.creator_fields_json())

    def _group(self, req: Request, key: ApiKey | None, group_id: str, rest: str) -> Response:
        route = next(((a, s, m) for p, a, s in GROUP_ROUTES if (m := re.fullmatch(p, rest))), None)
        if route is None:
            raise ApiError(404, "Not found")
        action, subset, match = route
        if not group_id.isdigit() or int(group_id) == 0:
            raise ApiError(400, "Invalid group ID")
        lib = self.groups.get(int(group_id))
        if lib is None:
            raise ApiError(404, "Not found")
        level = key.level(lib.id) if key else None
        readable = lib.public or level is not None
        single = subset == "single"
        if action in CONDITIONAL and not single and req.method in ("GET", "HEAD") and readable:
            since = req.headers.get("if-modified-since-version", "")
            if since.isdigit() and lib.version <= int(since):
                return Response(304)  # checked before the library version is loaded: no header
        params = query.parse(req.query, action, single, req.headers.get("zotero-api-version"))
        ctx = Context(req, lib, params, key, readable, level == "write")
        object_key = match.group(1) if match.groups() else None
        with lib.lock:
            if action == "items":
                return ctx.items(subset, object_key)
            if not readable and (action == "groups" or single):
                raise ApiError(404, "Not found")  # the server does not reveal that the object exists
            if not readable:
                raise ApiError(403, "Forbidden")
            if req.method not in ("GET", "HEAD"):
                raise ApiError(405, "Method not allowed")
            if action == "collections":
                return ctx.collections(subset, object_key)
            endpoint = {
                "tags": ctx.tags,
                "searches": ctx.searches,
                "deleted": ctx.deleted,
                "groups": ctx.groups,
            }
            return endpoint[action]()
