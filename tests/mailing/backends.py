"""Stand-ins for an email provider that misbehaves; the only thing these tests mock."""

import requests
from anymail.backends.test import EmailBackend
from anymail.exceptions import AnymailRequestsAPIError
from anymail.message import AnymailRecipientStatus


class ProviderErrorBackend(EmailBackend):
    """A provider whose API answers every send with an HTTP error (``status_code`` option)."""

    def __init__(self, *args, status_code: int = 500, **kwargs):
        self.status_code = status_code
        super().__init__(*args, **kwargs)

    def post_to_esp(self, payload, message):
        response = requests.Response()
        response.status_code = self.status_code
        response.reason = "Provider error"
        response._content = b'{"Message": "Internal error"}'
        raise AnymailRequestsAPIError(
            "Provider API call failed", response=response, backend=self, email_message=message
        )


class ProviderUnreachableBackend(EmailBackend):
    """A provider that cannot be reached (``timeout``: reached, but no answer in time)."""

    def __init__(self, *args, timeout: bool = False, **kwargs):
        self.timeout = timeout
        super().__init__(*args, **kwargs)

    def post_to_esp(self, payload, message):
        error = requests.ReadTimeout() if self.timeout else requests.ConnectTimeout()
        try:
            raise error
        except requests.RequestException as cause:
            raise AnymailRequestsAPIError(
                "Provider not reachable", backend=self, email_message=message
            ) from cause


class RecipientRejectedBackend(EmailBackend):
    """A provider that refuses the recipient (for example on its suppression list)."""

    def post_to_esp(self, payload, message):
        status = AnymailRecipientStatus(message_id=None, status="rejected")
        return {"recipient_status": dict.fromkeys(payload.recipient_emails, status)}
