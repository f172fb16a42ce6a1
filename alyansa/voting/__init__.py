"""Polls and elections: secret, checkable ballots, live results, and the communiqué."""
