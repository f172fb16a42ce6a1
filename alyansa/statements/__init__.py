"""Statements: drafted, approved, published, translated and co-signed."""
