"""Every service that locks rows runs in a transaction of its own.

`select_for_update()` outside a transaction is an error on PostgreSQL, while SQLite ignores it
and the test suite runs each test inside a transaction: a service that lost its
`@transaction.atomic` passes every ordinary test and fails in production. No behaviour test can
see it on the suite's databases, so this is a lint, and reading the source is its honest form:
the services are parsed (not searched as text, so a comment or a string that mentions either
name counts for nothing), and each row lock must sit in a function decorated with
`transaction.atomic` or inside a `with transaction.atomic():` block."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import alyansa


def _services_files() -> list[Path]:
    files: list[Path] = []
    for app in pkgutil.iter_modules(alyansa.__path__):
        try:
            package = importlib.import_module(f"alyansa.{app.name}.services")
        except ModuleNotFoundError:
            continue
        # A services package (services/__init__.py) holds one subject per module.
        files.append(Path(package.__file__ or ""))
        files += [
            Path(package.__file__ or "").parent / f"{info.name}.py"
            for info in pkgutil.iter_modules(getattr(package, "__path__", []))
        ]
    return files


def _is_atomic(node: ast.expr) -> bool:
    """`transaction.atomic`, `atomic`, or either called (`transaction.atomic(using=...)`)."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr == "atomic"
    return isinstance(node, ast.Name) and node.id == "atomic"


def _locks_outside_a_transaction(node: ast.AST, *, in_transaction: bool) -> bool:
    if isinstance(node, ast.With | ast.AsyncWith) and any(
        _is_atomic(item.context_expr) for item in node.items
    ):
        in_transaction = True
    if (
        not in_transaction
        and isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "select_for_update"
    ):
        return True
    return any(
        _locks_outside_a_transaction(child, in_transaction=in_transaction)
        for child in ast.iter_child_nodes(node)
    )


def unprotected_locks(source: str) -> list[str]:
    """The public functions of a module that lock rows outside a transaction."""
    return [
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
        and not any(_is_atomic(decorator) for decorator in node.decorator_list)
        and _locks_outside_a_transaction(node, in_transaction=False)
    ]


def test_the_lint_finds_a_lock_outside_a_transaction_and_only_there() -> None:
    source = """
@transaction.atomic
def decorated(): Poll.objects.select_for_update().get()
def in_a_block():
    with transaction.atomic(using="default"):
        Poll.objects.select_for_update().get()
def unlocked(): "select_for_update() and transaction.atomic() in a string"
def locked_before_the_block():
    Poll.objects.select_for_update().get()
    with transaction.atomic():
        pass
def bare(): Poll.objects.select_for_update().get()  # transaction.atomic()
def _private(): Poll.objects.select_for_update().get()
"""
    assert unprotected_locks(source) == ["locked_before_the_block", "bare"]


def test_every_service_that_locks_rows_is_atomic() -> None:
    files = _services_files()
    assert len(files) > 15  # the services were found
    locking = [path for path in files if "select_for_update" in path.read_text(encoding="utf-8")]
    assert len(locking) > 5
    unprotected = {
        str(path.relative_to(Path(alyansa.__file__).parent)): names
        for path in files
        if (names := unprotected_locks(path.read_text(encoding="utf-8")))
    }
    assert unprotected == {}
