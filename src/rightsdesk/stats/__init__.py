"""Statistics over what the store holds: vote coalitions (`coalition`)."""
