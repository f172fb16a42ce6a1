import pytest


@pytest.fixture(autouse=True)
def _fresh_poll_specs():  # type: ignore[no-untyped-def]
    """Test databases roll back, so poll ids come again: forget what casting cached."""
    from alyansa.voting import castpath

    castpath._specs.clear()
    yield
    castpath._specs.clear()
