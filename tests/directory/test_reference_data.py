import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from core import demo
from directory.enums import DistrictType, MunicipalityType
from directory.models import District, ModelRegion, Municipality, Region
from directory.services import load_reference_data

pytestmark = pytest.mark.django_db

CREATED = {
    "regions": {"created": 5, "updated": 0, "total": 5},
    "districts": {"created": 53, "updated": 0, "total": 53},
    "municipalities": {"created": 396, "updated": 0, "total": 396},
    "model_regions": {"created": 5, "updated": 0, "total": 5},
}
UNCHANGED = {
    "regions": {"created": 0, "updated": 0, "total": 5},
    "districts": {"created": 0, "updated": 0, "total": 53},
    "municipalities": {"created": 0, "updated": 0, "total": 396},
    "model_regions": {"created": 0, "updated": 0, "total": 5},
}


def snapshot() -> dict[str, list[tuple]]:
    """Every stored value of the reference data, with primary keys, in a stable order."""
    return {
        "regions": list(Region.objects.order_by("pk").values_list()),
        "districts": list(District.objects.order_by("pk").values_list()),
        "municipalities": list(Municipality.objects.order_by("pk").values_list()),
        "model_regions": list(ModelRegion.objects.order_by("pk").values_list()),
        "members": list(
            ModelRegion.members.through.objects.order_by("pk").values_list(
                "pk", "modelregion_id", "municipality_id"
            )
        ),
    }


def test_load_reference_data_reports_what_it_created():
    assert load_reference_data() == CREATED


def test_reference_data_has_the_nrw_counts(reference_data):
    assert Municipality.objects.count() == 396
    assert Municipality.objects.filter(type=MunicipalityType.CITY_DISTRICT_FREE).count() == 22
    assert Municipality.objects.filter(type=MunicipalityType.CITY).count() == 250
    assert Municipality.objects.filter(type=MunicipalityType.MUNICIPALITY).count() == 124
    assert District.objects.count() == 53
    assert (
        District.objects.filter(type__in=[DistrictType.DISTRICT, DistrictType.CITY_REGION]).count()
        == 31
    )
    assert District.objects.filter(type=DistrictType.CITY_REGION).get().name == (
        "Städteregion Aachen"
    )
    assert District.objects.filter(type=DistrictType.CITY_DISTRICT_FREE).count() == 22
    assert Municipality.objects.aggregate(total=Sum("population"))["total"] == 18_139_116


def test_reference_data_has_the_five_regions_with_their_municipalities(reference_data):
    regions = {
        region.name: (region.slug, region.municipalities.count())
        for region in Region.objects.all()
    }

    assert regions == {
        "Arnsberg": ("arnsberg", 83),
        "Detmold": ("detmold", 70),
        "Düsseldorf": ("duesseldorf", 66),
        "Köln": ("koeln", 99),
        "Münster": ("muenster", 78),
    }


def test_reference_data_stores_every_field_of_soest(reference_data):
    soest = Municipality.objects.select_related("district__region", "region").get(ags="05974040")

    assert (
        soest.name,
        soest.type,
        soest.district.ags,
        soest.district.name,
        soest.district.type,
        soest.district.region.name,
        soest.region.name,
        soest.population,
        soest.population_date,
        soest.latitude,
        soest.longitude,
        soest.postal_code,
        soest.search_name,
        soest.label,
    ) == (
        "Soest",
        MunicipalityType.CITY,
        "05974",
        "Kreis Soest",
        DistrictType.DISTRICT,
        "Arnsberg",
        "Arnsberg",
        48607,
        datetime.date(2022, 12, 31),
        Decimal("51.572543"),
        Decimal("8.106308"),
        "59494",
        "soest",
        "Soest (Kreis Soest)",
    )


def test_reference_data_folds_umlauts_for_search(reference_data):
    assert Municipality.objects.get(ags="05117000").search_name == "muelheim an der ruhr"
    assert Municipality.objects.get(ags="05334032").search_name == "stolberg rhld"


def test_reference_data_has_the_five_model_regions(reference_data):
    model_regions = {
        region.slug: (region.name, region.lead.name, sorted(m.name for m in region.members.all()))
        for region in ModelRegion.objects.select_related("lead").prefetch_related("members")
    }

    assert model_regions == {
        "aachen": ("Modellregion Aachen", "Aachen", []),
        "gelsenkirchen": ("Modellregion Gelsenkirchen", "Gelsenkirchen", []),
        "paderborn": (
            "Modellregion Paderborn (Ostwestfalen-Lippe)",
            "Paderborn",
            ["Bielefeld", "Delbrück"],
        ),
        "soest": ("Modellregion Soest", "Soest", ["Iserlohn", "Lippstadt"]),
        "wuppertal": (
            "Modellregion Wuppertal (Bergisches Städtedreieck)",
            "Wuppertal",
            ["Remscheid", "Solingen"],
        ),
    }


def test_load_reference_data_twice_changes_nothing(reference_data):
    before = snapshot()

    second = load_reference_data()

    assert second == UNCHANGED
    assert snapshot() == before


def test_load_reference_data_twice_writes_nothing(reference_data, django_assert_num_queries):
    # Reads only: one per model (regions, districts, municipalities, model regions, members),
    # plus the savepoint pair of the atomic block inside the test transaction.
    with django_assert_num_queries(7):
        load_reference_data()


def test_load_reference_data_repairs_a_changed_row_in_place(reference_data):
    soest = Municipality.objects.get(ags="05974040")
    Municipality.objects.filter(pk=soest.pk).update(population=1, name="Soeest")
    ModelRegion.objects.get(slug="soest").members.clear()

    result = load_reference_data()

    repaired = Municipality.objects.get(ags="05974040")
    assert (repaired.pk, repaired.name, repaired.population, repaired.search_name) == (
        soest.pk,
        "Soest",
        48607,
        "soest",
    )
    assert sorted(
        ModelRegion.objects.get(slug="soest").members.values_list("name", flat=True)
    ) == [
        "Iserlohn",
        "Lippstadt",
    ]
    assert result["municipalities"] == {"created": 0, "updated": 1, "total": 396}
    assert result["model_regions"] == {"created": 0, "updated": 1, "total": 5}


def test_load_reference_data_keeps_rows_that_factories_created_first(db):
    Region.objects.create(name="Arnsberg", slug="arnsberg")

    result = load_reference_data()

    assert result["regions"] == {"created": 4, "updated": 0, "total": 5}
    assert Region.objects.count() == 5


def test_load_reference_data_command_prints_the_counts(db):
    out = StringIO()

    call_command("load_reference_data", stdout=out)

    assert out.getvalue().splitlines() == [
        "regions: 5 in total, 5 created, 0 updated",
        "districts: 53 in total, 53 created, 0 updated",
        "municipalities: 396 in total, 396 created, 0 updated",
        "model_regions: 5 in total, 5 created, 0 updated",
        "Reference data ready.",
    ]


def test_reference_data_is_a_demo_step_that_reports_progress(db):
    steps = dict(demo.steps())
    lines: list[str] = []

    steps["Referenzdaten NRW"](lines.append)

    assert lines[2] == "municipalities: 396 in total, 396 created, 0 updated"
    assert Municipality.objects.count() == 396


def test_municipality_save_folds_the_name(reference_data):
    municipality = Municipality.objects.get(ags="05974040")
    municipality.name = "Groß Übersee"

    municipality.save(update_fields=["name"])

    municipality.refresh_from_db()
    assert municipality.search_name == "gross uebersee"
