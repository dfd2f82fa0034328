"""Series and organiser teams: who belongs to a team, in which role."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from conferences.enums import TeamRole
from conferences.models import OrganiserTeam, Series, TeamMembership
from conferences.services.change_log import record_change
from conferences.services.slugs import unique_slug


def series_for(team: OrganiserTeam, *, actor, name: str) -> Series:
    series, created = Series.objects.get_or_create(
        team=team,
        name=name.strip(),
        defaults={"slug": unique_slug(Series, name)},
    )
    if created:
        record_change(series, team=team, event=None, actor=actor, action="series_created")
    return series


@transaction.atomic
def create_series(team: OrganiserTeam, *, actor, name: str) -> Series:
    """Create (or return) the team's series called ``name``."""
    if not name.strip():
        raise ValidationError({"name": _("Bitte geben Sie einen Namen an.")})
    return series_for(team, actor=actor, name=name)


@transaction.atomic
def add_team_member(
    team: OrganiserTeam, *, actor, email: str, role: str = TeamRole.ORGANISER
) -> TeamMembership:
    """Add the existing account with ``email`` to the team in ``role``.

    Accounts are never created here: the person signs up (and verifies the address)
    first, so nobody is made an organiser through a mistyped address.
    """
    if role not in TeamRole.values:
        raise ValidationError({"role": _("Unbekannte Rolle.")})
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {
                "email": _(
                    "Zu dieser E-Mail-Adresse gibt es kein Konto. Die Person muss sich "
                    "zuerst registrieren."
                )
            }
        )
    membership, created = TeamMembership.objects.get_or_create(
        team=team, user=user, defaults={"role": role}
    )
    if not created:
        if membership.role == role:
            raise ValidationError({"email": _("Diese Person ist bereits im Team.")})
        old = membership.get_role_display()
        membership.role = role
        membership.save(update_fields=["role"])
        changes = {"role": {"old": str(old), "new": str(membership.get_role_display())}}
        record_change(
            membership,
            team=team,
            event=None,
            actor=actor,
            action="member_role_changed",
            changes=changes,
        )
        return membership
    record_change(
        membership,
        team=team,
        event=None,
        actor=actor,
        action="member_added",
        changes={"role": {"old": "", "new": str(membership.get_role_display())}},
    )
    return membership


@transaction.atomic
def remove_team_member(membership: TeamMembership, *, actor) -> None:
    """Remove a member; the last organiser stays, or nobody could manage the team."""
    locked = (
        TeamMembership.objects.select_for_update(of=("self",))
        .select_related("team", "user")
        .get(pk=membership.pk)
    )
    if locked.role == TeamRole.ORGANISER:
        organisers = TeamMembership.objects.filter(team=locked.team, role=TeamRole.ORGANISER)
        if organisers.count() <= 1:
            raise ValidationError(
                _("Das Team braucht mindestens eine Person mit der Rolle Organisation.")
            )
    record_change(
        locked,
        team=locked.team,
        event=None,
        actor=actor,
        action="member_removed",
        changes={"role": {"old": str(locked.get_role_display()), "new": ""}},
    )
    locked.delete()
