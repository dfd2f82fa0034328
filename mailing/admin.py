from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mailing.models import MailAttachment, MailEvent, OutboundMail
from mailing.services import retry_failed_mail


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MailAttachmentInline(ReadOnlyInline):
    model = MailAttachment
    fields = ["filename", "mimetype", "file_size"]
    readonly_fields = fields

    @admin.display(description=_("Größe"))
    def file_size(self, attachment: MailAttachment) -> str:
        return filesizeformat(attachment.size)


class MailEventInline(ReadOnlyInline):
    model = MailEvent
    fields = ["occurred_at", "event_type", "description", "received_at"]
    readonly_fields = fields


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin):
    """The outbox as staff see it: every field is read-only, mails change only via services."""

    list_display = [
        "recipient",
        "subject",
        "category",
        "state",
        "attempts",
        "created_at",
        "sent_at",
    ]
    list_filter = ["state", "category", "language"]
    search_fields = ["recipient", "idempotency_key", "provider_message_id"]
    date_hierarchy = "created_at"
    actions = ["resend_failed"]
    inlines = [MailAttachmentInline, MailEventInline]
    fieldsets = [
        (None, {"fields": ["recipient", "reply_to", "subject", "language", "category"]}),
        (
            _("Versand"),
            {
                "fields": [
                    "state",
                    "attempts",
                    "last_error",
                    "provider_message_id",
                    "idempotency_key",
                    "created_at",
                    "claimed_at",
                    "sent_at",
                    "tracked_at",
                    "updated_at",
                ]
            },
        ),
        (_("Inhalt"), {"fields": ["body_purged_at", "text_body", "html_body", "headers"]}),
    ]
    readonly_fields = [field for _name, options in fieldsets for field in options["fields"]]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        # Nothing on the page is editable: a save button would only mislead.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Erneut senden (nur fehlgeschlagene)"), permissions=["change"])
    def resend_failed(self, request: HttpRequest, queryset: QuerySet[OutboundMail]) -> None:
        retried = sum(retry_failed_mail(mail) for mail in queryset.only("pk"))
        skipped = queryset.count() - retried
        if retried:
            self.message_user(
                request,
                ngettext(
                    "%(count)d Mail wird erneut gesendet.",
                    "%(count)d Mails werden erneut gesendet.",
                    retried,
                )
                % {"count": retried},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d Mail übersprungen: nur fehlgeschlagene mit erhaltenem Inhalt "
                    "werden erneut gesendet.",
                    "%(count)d Mails übersprungen: nur fehlgeschlagene mit erhaltenem Inhalt "
                    "werden erneut gesendet.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
