"""Fixtures for the workspace tests: a clock the tests can stop and move."""

import pytest

from forum import models


class Clock:
    """A stopped clock standing in for forum.models.utcnow."""

    def __init__(self) -> None:
        self.now = models.utcnow()

    def __call__(self):
        """Return the time the clock shows."""
        return self.now

    def set(self, when) -> None:
        """Move the clock to an aware datetime."""
        self.now = when


@pytest.fixture
def clock(monkeypatch):
    """Stop the app's clock: everything that asks forum.models.utcnow gets ``clock.now``."""
    stopped = Clock()
    monkeypatch.setattr(models, "utcnow", stopped)
    return stopped
