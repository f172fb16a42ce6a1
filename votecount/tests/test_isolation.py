"""votecount stands alone: importing all of it pulls in neither Django nor alyansa."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import votecount


def test_votecount_never_imports_django_or_alyansa() -> None:
    modules = [
        module.name
        for module in pkgutil.walk_packages(votecount.__path__, "votecount.")
        if not module.name.startswith(("votecount.tests", "votecount.__main__"))
    ]
    script = (
        f"import votecount, {', '.join(modules)}; import sys; "
        "leaked = sorted(m for m in sys.modules if m.startswith(('django', 'alyansa'))); "
        "assert not leaked, leaked"
    )

    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)

    assert len(modules) >= 9
    assert finished.returncode == 0, finished.stderr
