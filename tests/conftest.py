"""Shared fixtures for the Odoo-free tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _realcases_root() -> Path:
    configured = os.environ.get("TELCO_REALCASES")
    if configured:
        return Path(configured)
    return REPO_ROOT.parent / "shared" / "realcases"


@pytest.fixture
def fixtures_dir() -> Path:
    """Folder of the project's own sample bank files."""
    return FIXTURES


@pytest.fixture
def realcases_dir() -> Path:
    """Folder of third-party sample files and reported failures, when it is present.

    The folder lies beside the repository (or where TELCO_REALCASES points); the tests that
    need it are skipped where it is absent.
    """
    root = _realcases_root()
    if not root.is_dir():
        pytest.skip(f"third-party sample files not found at {root}")
    return root
