"""Moderation: approving held comments (the full tools come later)."""
