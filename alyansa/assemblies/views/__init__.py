"""Pages of assemblies, one module per subject: public pages, set-up, the chair's console, the
secretariat's desk (participants, badges, proxies, check-in), registration and credentials, and
the delegate's phone. Views check who may act, read through selectors and write through
services; urls.py names each page."""
