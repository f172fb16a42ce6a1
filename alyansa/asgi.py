"""The ASGI application that `alyansa serve` runs with uvicorn: the live event streams under
`/live/` (a bare ASGI app, alyansa/core/live_asgi.py), and Django for everything else."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
django_application = get_asgi_application()

from alyansa.core.live_asgi import LiveRouter  # noqa: E402 (needs the settings configured)

application = LiveRouter(django_application)
