"""The ASGI application that `alyansa serve` runs with uvicorn: the fast casting endpoint
(`POST /voting/cast/<poll>/`, alyansa/voting/fastcast.py) and the live event streams under
`/live/` (alyansa/core/live_asgi.py) as bare ASGI apps, and Django for everything else."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
django.setup(set_prefix=False)

from alyansa.core.asgi_body import PrivateSpoolASGIHandler  # noqa: E402

# Request bodies spool inside the data folder, never in /tmp (alyansa/core/asgi_body.py).
django_application = PrivateSpoolASGIHandler()

from alyansa.core.live_asgi import LiveRouter  # noqa: E402 (needs the settings configured)
from alyansa.voting.fastcast import CastRouter  # noqa: E402

application = CastRouter(LiveRouter(django_application))
