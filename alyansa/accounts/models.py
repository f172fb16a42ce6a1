from __future__ import annotations

import hashlib
import secrets
from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alyansa.accounts.roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An account: e-mail and a display name (a pseudonym is fine). Nothing else about a person."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the Django admin"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


class RoleGrantQuerySet(models.QuerySet["RoleGrant"]):
    def for_role(self, role: Role, scope: str = "") -> RoleGrantQuerySet:
        return self.filter(role=role, scope=scope)


class RoleGrant(models.Model):
    """One role given to one user, for the whole alliance or for one object (its scope key)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=100, blank=True, default="")
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "scope"], name="unique_role_grant"),
        ]
        indexes = [models.Index(fields=["role", "scope"])]

    def __str__(self) -> str:
        label = Role(self.role).label
        return f"{self.user}: {label} {self.scope}".strip()


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class TokenAccess(models.TextChoices):
    """What a token may do with the powers it carries: read only (GET) or also change things."""

    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class PersonalAccessTokenQuerySet(models.QuerySet["PersonalAccessToken"]):
    def usable(self) -> PersonalAccessTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class PersonalAccessToken(models.Model):
    """A token for the JSON API. Only its SHA-256 hash is stored; the secret is shown once.

    It carries the powers of the roles chosen when it was made (`roles`, a list of
    [role, scope] that the account held then), never of a role granted later, and only while
    the account still holds them; `access` says whether it may change things. Tokens made
    before scopes existed carry no role and read only: re-issue them."""

    PREFIX = "aly_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    access = models.CharField(
        _("access"), max_length=16, choices=TokenAccess.choices, default=TokenAccess.READ
    )
    roles = models.JSONField(_("roles"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Every new token expires (90 days unless chosen otherwise); only older ones may not.
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PersonalAccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def new_secret(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    def role_keys(self) -> frozenset[tuple[str, str]]:
        """The (role, scope) pairs whose powers the token carries."""
        return frozenset((str(role), str(scope)) for role, scope in self.roles)
