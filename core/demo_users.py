"""Demo logins for ``make run``: one account per role, with a published password.

The TOTP secrets are fixed and printed by ``manage.py demo_logins`` so that anyone trying
the demo can add them to an authenticator app. That is exactly why these accounts must
never exist in production: the step refuses to run there.

Team memberships and profiles of these accounts belong to higher apps and are created by
their demo steps (``conferences.demo``), which look the accounts up by ``email``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt, encrypt
from django.conf import settings
from django.core.management.base import CommandError

from core.encryption import is_encrypted
from core.models import User

DEMO_PASSWORD = "kommunalforum-demo"  # noqa: S105 -- published on purpose, see the docstring.


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    first_name: str
    last_name: str
    is_superuser: bool = False
    # Base32, 32 characters (160 bits), the length allauth generates itself.
    totp_secret: str = ""


ADMIN = DemoLogin(
    email="admin@kommunalforum.example",
    role="staff and superuser: Django admin at /admin/",
    first_name="Tobias",
    last_name="Adler",
    is_superuser=True,
    totp_secret="KOMMUNALFORUMDEMOADMINISTRATIONS",  # noqa: S106 -- published demo secret
)
ORGANISER = DemoLogin(
    email="organisation@kommunalforum.example",
    role="organiser in the team “Geschäftsstelle Digitale Modellregionen”: /veranstalten/",
    first_name="Katrin",
    last_name="Brandt",
    totp_secret="KOMMUNALFORUMDEMOVERANSTALTUNGEN",  # noqa: S106 -- published demo secret
)
MODERATOR = DemoLogin(
    email="moderation@kommunalforum.example",
    role="moderator in the team “Geschäftsstelle Digitale Modellregionen”",
    first_name="Jonas",
    last_name="Weber",
    totp_secret="KOMMUNALFORUMDEMOMODERATIONSTEAM",  # noqa: S106 -- published demo secret
)
ATTENDEE = DemoLogin(
    email="teilnahme@kommunalforum.example",
    role="attendee, municipal staff of the city of Soest",
    first_name="Miriam",
    last_name="Schulte",
)

DEMO_LOGINS: tuple[DemoLogin, ...] = (ADMIN, ORGANISER, MODERATOR, ATTENDEE)


def seed_demo_users(report: Callable[[str], None]) -> None:
    """Create or repair the demo accounts, their verified addresses and TOTP authenticators.

    Writes only what differs from the definitions above, so a second run changes nothing.
    """
    if settings.PRODUCTION:
        raise CommandError(
            "Demo logins have a published password and TOTP secret and are never created in "
            "production. Load the reference data with 'manage.py load_reference_data' instead."
        )
    for login in DEMO_LOGINS:
        user = _ensure_user(login)
        _ensure_verified_email(user)
        if login.totp_secret:
            _ensure_totp(user, login.totp_secret)
        report(f"{login.email} ({login.role})")


def _ensure_user(login: DemoLogin) -> User:
    user, created = User.objects.get_or_create(
        email=login.email,
        defaults={"first_name": login.first_name, "last_name": login.last_name},
    )
    wanted = {
        "first_name": login.first_name,
        "last_name": login.last_name,
        "is_active": True,
        "is_staff": login.is_superuser,
        "is_superuser": login.is_superuser,
    }
    changed = [field for field, value in wanted.items() if getattr(user, field) != value]
    for field in changed:
        setattr(user, field, wanted[field])
    # Hashing is deliberately slow: check first, so an unchanged account is not rewritten.
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    return user


def _ensure_verified_email(user: User) -> None:
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])


def _ensure_totp(user: User, secret: str) -> None:
    """Activate TOTP with the fixed secret, and recovery codes as allauth's own flow does."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        TOTP.activate(user, secret)
    elif decrypt(authenticator.data["secret"]) != secret or not is_encrypted(
        authenticator.data["secret"]
    ):
        # Also rewrites a secret stored in clear by an older version, so it gets encrypted.
        authenticator.data = {**authenticator.data, "secret": encrypt(secret)}
        authenticator.save(update_fields=["data"])
    RecoveryCodes.activate(user)
