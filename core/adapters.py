from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Keep the visitor's interface language on the account, so mails go out in it."""

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user = super().save_user(request, user, form, commit=False)
        user.language = getattr(request, "LANGUAGE_CODE", "de")[:8]
        if commit:
            user.save()
        return user
