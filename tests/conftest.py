"""Fixtures for every test. Helpers the tests import are in support.py."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _user_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds keep compiled templates in the user's cache folder: a temporary one here."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
