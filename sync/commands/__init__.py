"""What each ``python -m sync`` command does, over the client and the mapping."""
