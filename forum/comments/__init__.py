"""Commenting: posting comments and threaded replies."""
