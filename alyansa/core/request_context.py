"""The client address of the request being served, for the audit trail, without passing it along.

A context variable works for sync and async views alike (asgiref copies the context into the
thread that runs sync code).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from ipaddress import ip_address, ip_network

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponse

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def current_client_ip() -> str | None:
    return _client_ip.get()


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR; behind a proxy, the server is told to set it (uvicorn --forwarded-allow-ips)."""
    value = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ip_address(value))
    except ValueError:
        return None


def client_network(request: HttpRequest) -> str:
    """The client's address, or its /64 network for IPv6 (one home or phone holds a whole /64),
    for counting attempts per address."""
    address = client_ip(request)
    if address is None:
        return "unknown"
    if ip_address(address).version == 6:
        return str(ip_network(f"{address}/64", strict=False))
    return address


class RequestContextMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(
        self, get_response: Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]]
    ):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        if iscoroutinefunction(self):
            return self._acall(request)
        token = _client_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)

    async def _acall(self, request: HttpRequest) -> HttpResponse:
        token = _client_ip.set(client_ip(request))
        try:
            return await self.get_response(request)  # type: ignore[misc]
        finally:
            _client_ip.reset(token)
