import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from core.models import User

PASSWORD = "sicheres-Passwort-2020"


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose email address is verified and whose password is ``PASSWORD``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@kommune.example")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


def add_totp(user: User, secret: str = "") -> str:
    """Give ``user`` an active TOTP authenticator, so it has a second factor; return the secret.

    A test client that ``force_login``s such a user counts as logged in with both factors.
    """
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
