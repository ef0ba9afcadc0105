"""Errors the sync reports to its user: each message is one line that names the fix."""


class SyncError(Exception):
    """Base class; the CLI prints ``Error: <message>`` and exits with status 1."""


class ConfigError(SyncError):
    """A missing or contradictory setting (group, key, endpoint)."""


class ZoteroAccessError(SyncError):
    """The Zotero API refused us or could not be reached."""


class CitationKeyError(SyncError):
    """A pinned citation key that cannot be used (invalid, or pinned by two items)."""


class TooManyRemovals(SyncError):
    """A pull would remove more than the allowed share of entries."""


class LockedError(SyncError):
    """Another pull holds the lock on the bib file."""


class VersionMoved(SyncError):
    """The library changed while we read it; the pull starts again (internal)."""
