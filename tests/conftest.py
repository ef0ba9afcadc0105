"""Shared fixtures: Sphinx test roots, the repository root, and CI-strict skips."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
sys.path.insert(0, str(REPO))

pytest_plugins = ["sphinx.testing.fixtures"]
collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Test roots live in tests/roots/test-<name>/ (sphinx.testing convention)."""
    return REPO / "tests" / "roots"


def require(available: bool, what: str) -> None:
    """Skip locally when *what* is missing; under ``CI=true`` that is a failure."""
    if available:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing, and CI=true turns this skip into a failure")
    pytest.skip(f"{what} is missing")
