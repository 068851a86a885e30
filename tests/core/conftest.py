"""The `world` fixture: see tests/support/world.py."""

import pytest
from support.world import build_world


@pytest.fixture
def world(db_url):
    yield from build_world(db_url)
