"""Who is calling: users, their API tokens, and the caller of the current call."""
