"""Reading: the summit home page, workstreams, propositions and tags."""
