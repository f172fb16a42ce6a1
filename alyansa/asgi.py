"""The ASGI application that `alyansa serve` runs with uvicorn: the fast casting endpoint
(`POST /voting/cast/<poll>/`, alyansa/voting/fastcast.py) and the live event streams under
`/live/` (alyansa/core/live_asgi.py) as bare ASGI apps, and Django for everything else."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
django_application = get_asgi_application()

from alyansa.core.live_asgi import LiveRouter  # noqa: E402 (needs the settings configured)
from alyansa.voting.fastcast import CastRouter  # noqa: E402

application = CastRouter(LiveRouter(django_application))
