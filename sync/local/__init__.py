"""The local side of the mirror: the bib and state files, the lock, and how changes apply to them."""
