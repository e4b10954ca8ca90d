"""Tests for the admins' workspace: workstreams, people, settings and the audit log."""
