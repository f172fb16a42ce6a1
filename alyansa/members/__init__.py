"""The member registry: regions, countries, organizations, chapters, memberships and people."""
