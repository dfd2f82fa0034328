from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from directory.models import District, ModelRegion, Municipality, Organisation, Profile, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "district_count", "municipality_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Region]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                district_count=Count("districts", distinct=True),
                municipality_count=Count("municipalities", distinct=True),
            )
        )

    @admin.display(description=_("Kreise und kreisfreie Städte"), ordering="district_count")
    def district_count(self, region: Region) -> int:
        return region.district_count  # type: ignore[attr-defined]  # annotated above

    @admin.display(description=_("Kommunen"), ordering="municipality_count")
    def municipality_count(self, region: Region) -> int:
        return region.municipality_count  # type: ignore[attr-defined]  # annotated above


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "ags", "type", "region"]
    list_filter = ["region", "type"]
    list_select_related = ["region"]
    search_fields = ["name", "ags"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "ags", "type", "district", "region", "population", "postal_code"]
    list_filter = ["region", "type", "district"]
    list_select_related = ["district", "region"]
    search_fields = ["name", "search_name", "ags", "postal_code"]
    autocomplete_fields = ["district"]
    readonly_fields = ["search_name"]


@admin.register(ModelRegion)
class ModelRegionAdmin(admin.ModelAdmin):
    list_display = ["name", "lead", "partners"]
    list_select_related = ["lead"]
    list_filter = ["lead__region"]
    search_fields = ["name", "lead__name", "members__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["lead", "members"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ModelRegion]:
        return super().get_queryset(request).prefetch_related("members")

    @admin.display(description=_("Partnerkommunen"))
    def partners(self, model_region: ModelRegion) -> str:
        return ", ".join(member.name for member in model_region.members.all())


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "municipality", "district"]
    list_filter = ["type", "municipality__region"]
    list_select_related = ["municipality", "district"]
    search_fields = ["name", "municipality__name", "district__name"]
    autocomplete_fields = ["municipality", "district"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation_type", "organisation_name", "municipality", "district"]
    list_filter = ["organisation_type", "municipality__region", "district__region"]
    list_select_related = ["user", "municipality", "district"]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "organisation_name",
        "municipality__name",
        "municipality__ags",
    ]
    autocomplete_fields = ["user", "municipality", "district"]
    readonly_fields = ["updated_at"]
