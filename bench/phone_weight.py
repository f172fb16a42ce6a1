"""What the delegate's phone pages weigh on the wire, with every script and stylesheet they load.

    ALYANSA_ENV=development .venv/bin/python bench/phone_weight.py

Builds a throwaway assembly (in a temporary data folder: nothing else is touched) with an
election of ten candidates open, signs a delegate in and fetches, as their phone would, the
ballot page, the phone page and the list of votes. Each is measured as production sends it:
the HTML gzipped by nginx at its default level (1, docs/deployment.md), each static file as
WhiteNoise precompresses it at collectstatic (gzip at level 9; Brotli instead when the brotli
package is installed, which browsers prefer). Prints a table and one JSON line.
`alyansa/voting/tests/test_phone_weight.py` holds the pages to < 30 KB with the same function.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: nginx's gzip_comp_level when the configuration does not set it.
NGINX_GZIP_LEVEL = 1
_ASSET = re.compile(
    r'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="(?P<url>[^"]+)"'
    r'|<link[^>]*\shref="(?P<url2>[^"]+)"[^>]*rel="stylesheet"'
)


@dataclass
class Weight:
    """A page on the wire: its compressed HTML and each compressed asset, in bytes."""

    html: int
    html_raw: int
    assets: dict[str, int] = field(default_factory=dict)
    assets_raw: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.html + sum(self.assets.values())

    def describe(self) -> str:
        parts = [f"HTML {self.html / 1024:.1f} KB"]
        parts += [f"{name} {size / 1024:.1f} KB" for name, size in self.assets.items()]
        return f"{self.total / 1024:.1f} KB on the wire ({', '.join(parts)})"


def static_on_the_wire(data: bytes) -> tuple[int, str]:
    """The size WhiteNoise serves a static file at, and the encoding it uses."""
    from whitenoise.compress import Compressor

    try:
        import brotli  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return len(Compressor.compress_gzip(data)), "gzip"
    return len(Compressor.compress_brotli(data)), "br"


def page_weight(html: bytes) -> Weight:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    weight = Weight(
        html=len(gzip.compress(html, compresslevel=NGINX_GZIP_LEVEL)), html_raw=len(html)
    )
    for match in _ASSET.finditer(html.decode()):
        url = match.group("url") or match.group("url2")
        path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
        if path is None:
            raise LookupError(f"the page loads {url}, which is not one of our static files")
        data = Path(str(path)).read_bytes()
        name = url.rsplit("/", 1)[-1]
        weight.assets[name], _encoding = static_on_the_wire(data)
        weight.assets_raw[name] = len(data)
    return weight


def phone_pages_weight(delegate: Any, poll: Any) -> dict[str, Weight]:
    """The delegate's ballot page for `poll`, their phone page and their list of votes."""
    from django.test import Client
    from django.urls import reverse

    from alyansa.assemblies.services import credential_issue
    from alyansa.assemblies.testing import sign_in_delegate_session

    client = Client(SERVER_NAME="localhost")
    credential, _secret = credential_issue(participant=delegate, acting_user=None)
    sign_in_delegate_session(client, credential)
    pages = {
        "ballot page": reverse("voting:ballot", kwargs={"poll_id": poll.pk}),
        "phone page": reverse("assemblies:me"),
        "list of votes": reverse("voting:ballots"),
    }
    weights: dict[str, Weight] = {}
    for name, url in pages.items():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        weights[name] = page_weight(response.content)
    # The ballot page loads no script today; counted as if it loaded the phone page's htmx and
    # live scripts too, it must still fit (the bound the hall needs whatever the form becomes).
    ballot, phone = weights["ballot page"], weights["phone page"]
    weights["ballot page with the phone's scripts"] = Weight(
        html=ballot.html,
        html_raw=ballot.html_raw,
        assets={**phone.assets, **ballot.assets},
        assets_raw={**phone.assets_raw, **ballot.assets_raw},
    )
    return weights


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
    os.environ.setdefault("ALYANSA_ENV", "development")
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["ALYANSA_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from alyansa.voting.testing import make_hall, make_open_poll

        assembly, delegates = make_hall(2)
        poll = make_open_poll(
            assembly,
            kind="ranked",
            options=tuple(f"Candidate number {n} of the Asia-Pacific region" for n in range(1, 11)),
            seats=3,
        )
        weights = phone_pages_weight(delegates[0], poll)
    encoding = static_on_the_wire(b"")[1]
    print(
        f"static files as WhiteNoise serves them ({encoding}); HTML gzip level {NGINX_GZIP_LEVEL}"
    )
    for name, weight in weights.items():
        print(f"{name}: {weight.describe()}")
    print(
        json.dumps(
            {
                name: {
                    "total_bytes": weight.total,
                    "html_bytes": weight.html,
                    "html_raw_bytes": weight.html_raw,
                    "assets": weight.assets,
                    "assets_raw": weight.assets_raw,
                    "static_encoding": encoding,
                }
                for name, weight in weights.items()
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
