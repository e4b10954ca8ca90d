"""A person's own account: their profile, the ways they sign in, signing out."""
