"""Who may open the portal's pages and the accounts API."""

from alyansa.core.testing import EVERYONE, SIGNED_IN, AccessCase

CASES = [
    AccessCase("portal:home", allowed=EVERYONE),
    AccessCase("portal:dashboard", allowed=SIGNED_IN),
    AccessCase("portal:audit_trail", allowed={"secretariat"}),
    AccessCase("portal:access_tokens", allowed=SIGNED_IN),
    # A token can only be revoked by its owner: everyone else gets 404.
    AccessCase(
        "portal:access_token_revoke",
        allowed={"secretariat"},
        method="post",
        kwargs=lambda world: {"token_id": world.objects["token_of_secretariat"].pk},
    ),
    # Only the prefix of the API routes: a 404 for everyone.
    AccessCase("api-v1:api-root", allowed=frozenset()),
    AccessCase("api-v1:openapi-json", allowed=EVERYONE),
    AccessCase("api-v1:openapi-view", allowed=EVERYONE),
    AccessCase("api-v1:me", allowed=SIGNED_IN),
    AccessCase("api-v1:accounts_tokens", allowed=SIGNED_IN),
]
