"""The engagements' pages: the public calendar and feeds (calendar.py), the secretariat's
records (manage.py), private calendar addresses (private.py) and the report (report.py)."""
