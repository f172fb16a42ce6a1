"""Governing bodies, their seats, terms and officeholders, and the constitution's versions."""
