"""Writes of the directory: the NRW reference data and people's profiles."""

import csv
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.models import User
from directory.enums import DistrictType, MunicipalityType, OrganisationType
from directory.models import District, ModelRegion, Municipality, Profile, Region
from directory.search_text import fold_for_search

DATA_DIR = Path(__file__).resolve().parent / "data"

Report = Callable[[str], None]


def load_reference_data(*, report: Report | None = None) -> dict[str, dict[str, int]]:
    """Create or update regions, districts, municipalities and model regions from ``data/``.

    Rows are matched by their natural key (region name, AGS, model-region slug) and only
    rows whose values differ are written, so a second run writes nothing. Rows that are no
    longer in the files are left alone: profiles and events point at them.
    Returns ``{"regions": {"created": n, "updated": n, "total": n}, ...}``.
    """
    report = report or (lambda line: None)
    district_rows = _read_csv("nrw_districts.csv")
    municipality_rows = _read_csv("nrw_municipalities.csv")
    model_region_rows = json.loads((DATA_DIR / "model_regions.json").read_text("utf-8"))

    with transaction.atomic():
        region_names = sorted({row["regierungsbezirk"] for row in district_rows})
        regions = _synchronise(
            Region,
            "name",
            {name: {"slug": slugify(fold_for_search(name))} for name in region_names},
        )
        districts = _synchronise(
            District,
            "ags",
            {
                row["ags"]: {
                    "name": row["name"],
                    "type": DistrictType(row["type"]),
                    "region_id": regions.objects[row["regierungsbezirk"]].pk,
                }
                for row in district_rows
            },
        )
        municipalities = _synchronise(
            Municipality,
            "ags",
            {
                row["ags"]: {
                    "name": row["name"],
                    "search_name": fold_for_search(row["name"]),
                    "type": MunicipalityType(row["type"]),
                    "district_id": districts.objects[row["district_ags"]].pk,
                    "region_id": regions.objects[row["regierungsbezirk"]].pk,
                    "population": int(row["population"]),
                    "population_date": datetime.date.fromisoformat(row["population_date"]),
                    "latitude": Decimal(row["lat"]),
                    "longitude": Decimal(row["lon"]),
                    "postal_code": row["postal_code"],
                }
                for row in municipality_rows
            },
        )
        model_regions = _synchronise(
            ModelRegion,
            "slug",
            {
                row["slug"]: {
                    "name": row["name"],
                    "lead_id": municipalities.objects[row["lead"]].pk,
                    "description": row["description"],
                }
                for row in model_region_rows
            },
        )
        with_other_members = _synchronise_members(
            {
                row["slug"]: (
                    model_regions.objects[row["slug"]],
                    {municipalities.objects[ags].pk for ags in row["members"]},
                )
                for row in model_region_rows
            }
        )
        model_regions.updated |= with_other_members - model_regions.created

    counts = {
        "regions": regions.counts(),
        "districts": districts.counts(),
        "municipalities": municipalities.counts(),
        "model_regions": model_regions.counts(),
    }
    for name, numbers in counts.items():
        report(
            f"{name}: {numbers['total']} in total, "
            f"{numbers['created']} created, {numbers['updated']} updated"
        )
    return counts


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@dataclass
class _Synchronised[M: models.Model]:
    """The rows of one model after synchronising, by natural key, and which keys were written."""

    objects: dict[str, M]
    created: set[str] = field(default_factory=set)
    updated: set[str] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "total": len(self.objects),
        }


def _synchronise[M: models.Model](
    model: type[M], key: str, rows: dict[str, dict[str, Any]]
) -> _Synchronised[M]:
    """Bring ``model`` in line with ``rows`` (natural key -> field values) in bulk.

    Values use attribute names (``region_id``), so foreign keys compare without queries.
    """
    manager = model._default_manager
    existing = manager.in_bulk(list(rows), field_name=key)
    new: list[M] = []
    changed: list[M] = []
    changed_fields: set[str] = set()
    result = _Synchronised[M](objects=existing)
    for natural_key, values in rows.items():
        instance = existing.get(natural_key)
        if instance is None:
            new.append(model(**{key: natural_key}, **values))
            result.created.add(natural_key)
            continue
        differing = {name for name, value in values.items() if getattr(instance, name) != value}
        if differing:
            for name in differing:
                setattr(instance, name, values[name])
            changed.append(instance)
            changed_fields |= differing
            result.updated.add(natural_key)
    if new:
        manager.bulk_create(new)
        # Not every database hands back primary keys from a bulk insert: read them back.
        result.objects = manager.in_bulk(list(rows), field_name=key)
    if changed:
        manager.bulk_update(changed, [name.removesuffix("_id") for name in sorted(changed_fields)])
    return result


def _synchronise_members(wanted: dict[str, tuple[ModelRegion, set[int]]]) -> set[str]:
    """Set the partner municipalities of each model region; return the slugs that changed."""
    current: dict[int, set[int]] = {region.pk: set() for region, _ids in wanted.values()}
    memberships = ModelRegion.members.through.objects.filter(modelregion_id__in=current)
    for region_id, municipality_id in memberships.values_list("modelregion_id", "municipality_id"):
        current[region_id].add(municipality_id)
    changed = set()
    for slug, (region, member_ids) in wanted.items():
        if current[region.pk] != member_ids:
            region.members.set(member_ids)
            changed.add(slug)
    return changed


def validate_profile_affiliation(
    *,
    organisation_type: str,
    municipality: Municipality | None,
    district: District | None,
) -> None:
    """Raise ``ValidationError`` when a public body's municipality or district is missing.

    Shared by the profile form (to show errors beside the fields) and ``update_profile``
    (so no other caller can store an inconsistent profile).
    """
    if organisation_type and organisation_type not in OrganisationType.values:
        raise ValidationError(
            {"organisation_type": _("Bitte wählen Sie eine Art der Organisation aus der Liste.")}
        )
    if organisation_type == OrganisationType.MUNICIPALITY and municipality is None:
        raise ValidationError(
            {"municipality": _("Bitte wählen Sie die Kommune aus, für die Sie arbeiten.")}
        )
    if organisation_type == OrganisationType.DISTRICT:
        if district is None:
            raise ValidationError(
                {"district": _("Bitte wählen Sie den Kreis aus, für den Sie arbeiten.")}
            )
        if district.type == DistrictType.CITY_DISTRICT_FREE:
            raise ValidationError(
                {
                    "district": _(
                        "Eine kreisfreie Stadt ist eine Kommune: Bitte wählen Sie als Art "
                        "der Organisation „Kommune“ und dann die Stadt."
                    )
                }
            )


def update_profile(
    user: User,
    *,
    first_name: str,
    last_name: str,
    academic_title: str = "",
    function: str = "",
    organisation_type: str = "",
    organisation_name: str = "",
    municipality: Municipality | None = None,
    district: District | None = None,
) -> Profile:
    """Store a person's name and role, creating the profile on first use.

    A municipality is kept only for municipal staff and state authorities, a district only
    for district staff and state authorities: for other organisations the place says nothing
    about whom the person speaks for, and a municipality already implies its district.
    """
    validate_profile_affiliation(
        organisation_type=organisation_type, municipality=municipality, district=district
    )
    if organisation_type not in (OrganisationType.MUNICIPALITY, OrganisationType.STATE_AUTHORITY):
        municipality = None
    if organisation_type not in (OrganisationType.DISTRICT, OrganisationType.STATE_AUTHORITY):
        district = None
    with transaction.atomic():
        user.first_name = first_name.strip()
        user.last_name = last_name.strip()
        user.save(update_fields=["first_name", "last_name"])
        profile, _created = Profile.objects.get_or_create(user=user)
        profile.academic_title = academic_title
        profile.function = function.strip()
        profile.organisation_type = organisation_type
        profile.organisation_name = organisation_name.strip()
        profile.municipality = municipality
        profile.district = district
        profile.save()
    return profile
