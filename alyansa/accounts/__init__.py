"""Users, roles (defined here once), two-factor enforcement and personal access tokens."""
