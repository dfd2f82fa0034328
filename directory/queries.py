"""Reusable reads of directory, with the joins their pages need."""

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from core.models import User
from directory.enums import DistrictType
from directory.models import District, ModelRegion, Municipality, Profile, Region
from directory.search_text import fold_for_search

SEARCH_TERM_MAX_LENGTH = 100
SEARCH_RESULTS_MAX = 10


def search_municipalities(term: str, limit: int = SEARCH_RESULTS_MAX) -> list[Municipality]:
    """Find municipalities by name, postal code or AGS, best matches first.

    Names match case- and umlaut-insensitively ("muelheim" finds Mülheim an der Ruhr);
    ranking: exact name, name prefix, word prefix ("ruhr" in "Wickede (Ruhr)"), anywhere.
    A term of digits matches the start of the postal code or the AGS, exact matches first.
    Ties go to the larger municipality, which is more often the one meant. Only the first
    100 characters of ``term`` count, and ``limit`` is capped at ten. One query.
    """
    term = term.strip()[:SEARCH_TERM_MAX_LENGTH]
    limit = max(0, min(limit, SEARCH_RESULTS_MAX))
    digits = term.replace(" ", "")
    if digits.isdigit():
        matches = Municipality.objects.filter(
            Q(postal_code__startswith=digits) | Q(ags__startswith=digits)
        ).annotate(
            rank=Case(
                When(Q(postal_code=digits) | Q(ags=digits), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
    else:
        folded = fold_for_search(term)
        if not folded:
            return []
        matches = Municipality.objects.filter(search_name__contains=folded).annotate(
            rank=Case(
                When(search_name=folded, then=Value(0)),
                When(search_name__startswith=folded, then=Value(1)),
                When(search_name__contains=f" {folded}", then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
    return list(
        matches.select_related("district", "region").order_by("rank", "-population", "name")[
            :limit
        ]
    )


def municipalities_for_picker() -> QuerySet[Municipality]:
    """All municipalities with the district their label names, for the picker's select."""
    return Municipality.objects.select_related("district").order_by("name", "ags")


def districts_for_picker() -> QuerySet[District]:
    """The 31 Kreise (with the Städteregion Aachen): kreisfreie Städte are municipalities."""
    return District.objects.exclude(type=DistrictType.CITY_DISTRICT_FREE).order_by("name")


def profile_of(user: User) -> Profile:
    """Return the user's profile, or an unsaved empty one: reading a page never writes."""
    profile = (
        Profile.objects.select_related("municipality__district", "district")
        .filter(user=user)
        .first()
    )
    return profile or Profile(user=user)


def reference_data_summary() -> dict[str, object]:
    """Count what the reference data holds, for the page that explains its sources."""
    district_types = dict(
        District.objects.values_list("type").annotate(count=Count("pk")).order_by()
    )
    return {
        "regions": Region.objects.count(),
        "districts": sum(district_types.values()),
        "kreise": district_types.get(DistrictType.DISTRICT, 0)
        + district_types.get(DistrictType.CITY_REGION, 0),
        "city_districts": district_types.get(DistrictType.CITY_DISTRICT_FREE, 0),
        "municipalities": Municipality.objects.count(),
        "model_regions": list(
            ModelRegion.objects.select_related("lead").prefetch_related("members")
        ),
    }
