"""The one way to Zotero: pyzotero over HTTP, with budgets and checks of what the server answers."""
