"""The Zotero client: the one package that talks to Zotero (through pyzotero).

Importing it stands :mod:`sync.client.deferred` in for what pyzotero imports at start-up
but a pull never uses, before :mod:`sync.client.zotero` imports pyzotero.
"""

from sync.client.deferred import defer

defer()
