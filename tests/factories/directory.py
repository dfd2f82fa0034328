import datetime
from decimal import Decimal

import factory

from directory.enums import DistrictType, MunicipalityType, OrganisationType
from directory.models import District, Municipality, Organisation, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["name"]

    name = "Arnsberg"
    slug = factory.LazyAttribute(lambda o: o.name.lower())


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["ags"]

    ags = factory.Sequence(lambda n: f"{59000 + n:05d}")
    name = factory.Sequence(lambda n: f"Kreis {n}")
    type = DistrictType.DISTRICT
    region = factory.SubFactory(RegionFactory)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["ags"]

    ags = factory.Sequence(lambda n: f"0599{n:04d}")
    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    type = MunicipalityType.MUNICIPALITY
    district = factory.SubFactory(DistrictFactory)
    region = factory.LazyAttribute(lambda o: o.district.region)
    population = 20000
    population_date = datetime.date(2022, 12, 31)
    latitude = Decimal("51.5")
    longitude = Decimal("8.1")
    postal_code = "59494"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    type = OrganisationType.STATE_AUTHORITY
