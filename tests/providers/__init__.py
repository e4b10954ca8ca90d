"""Identity providers the tests start on 127.0.0.1: a real OpenID Connect provider and
stand-ins for OAuth 2.0 providers."""
