"""The admins' side of the workspace: workstreams, people, site settings, audit log."""
