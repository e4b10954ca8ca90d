"""What readers and authors do with comments in a thread: edit, delete, report, ask for a review."""
