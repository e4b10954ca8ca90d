"""Fixtures for signing in with providers: the real OpenID Connect provider and the stand-ins.

Both start once per test run on 127.0.0.1. Nothing here skips: the provider needs
Node.js and ``npm ci``, which the README's test command runs.
"""

import pytest

from tests.auth.social import OIDC_CLIENTS
from tests.providers.oidc import OIDCProvider
from tests.providers.standin import StandIn


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider (the npm package oidc-provider) on 127.0.0.1."""
    with OIDCProvider(OIDC_CLIENTS) as provider:
        yield provider


@pytest.fixture(scope="session")
def standin_server():
    """Stand-ins for GitHub, Facebook, X, WordPress.com and a fake OpenID Connect issuer."""
    with StandIn() as server:
        yield server


@pytest.fixture
def standin(standin_server):
    """The stand-ins, reset to their defaults for each test."""
    standin_server.reset()
    return standin_server
