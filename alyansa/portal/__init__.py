"""The top of the house: home page, dashboards, health check, demo data and operations commands.

It may import every other app; no app imports it.
"""
