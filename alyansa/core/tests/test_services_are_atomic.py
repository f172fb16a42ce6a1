"""Every service that locks rows runs in a transaction of its own.

`select_for_update()` outside a transaction is an error on PostgreSQL, while SQLite ignores it
and the test suite runs each test inside a transaction: a service that lost its
`@transaction.atomic` passes every ordinary test and fails in production. This reads the
services themselves."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import alyansa


def _service_functions() -> list[tuple[str, Callable[..., Any]]]:
    found: list[tuple[str, Callable[..., Any]]] = []
    for app in pkgutil.iter_modules(alyansa.__path__):
        try:
            package = importlib.import_module(f"alyansa.{app.name}.services")
        except ModuleNotFoundError:
            continue
        # A services package (services/__init__.py) holds one subject per module.
        modules = [package] + [
            importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(getattr(package, "__path__", []))
        ]
        for module in modules:
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if function.__module__ == module.__name__ and not name.startswith("_"):
                    found.append((f"{module.__name__}.{name}", function))
    return found


def test_every_service_that_locks_rows_is_atomic() -> None:
    services = _service_functions()
    assert len(services) > 50  # the services were found
    unprotected = [
        name
        for name, function in services
        if "select_for_update" in inspect.getsource(inspect.unwrap(function))
        and inspect.unwrap(function) is function
        and "transaction.atomic(" not in inspect.getsource(function)
    ]
    assert unprotected == []
