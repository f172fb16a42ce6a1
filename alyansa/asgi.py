"""The ASGI application that `alyansa serve` runs with uvicorn."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
application = get_asgi_application()
