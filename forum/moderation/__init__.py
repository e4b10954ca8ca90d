"""Moderation: the queue, decisions and their undo, suspensions, and the public logs."""
