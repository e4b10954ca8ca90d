"""Tests for a person's own profile: name, website and the ways they sign in."""
