"""The campaigns app's pages: public (public.py), the coordinator's answer and report
(answers.py), and the secretariat's and officers' work (staff.py)."""
