import datetime as dt
from decimal import Decimal

import factory

from accord.portfolio.models import (
    Alliance,
    AllianceMember,
    AllianceType,
    Company,
    MemberRole,
    Program,
    Stage,
)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Partner Company {n}")
    kind = Company.Kind.PARTNER
    company_type = Company.Type.BIOTECH


class OwnCompanyFactory(CompanyFactory):
    name = "Meridian Therapeutics"
    kind = Company.Kind.OWN
    company_type = Company.Type.BIG_PHARMA


class AllianceFactory(factory.django.DjangoModelFactory):
    """An alliance written straight to the database (no audit, tier left at its default).

    Tests of behaviour go through actions; this is for building the world they run in.
    """

    class Meta:
        model = Alliance
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Alliance {n:03d}")
    alliance_type = AllianceType.CO_DEVELOPMENT
    stage = Stage.EXECUTION
    effective_date = dt.date(2024, 3, 1)
    strategic_importance = 3
    risk_level = 3
    deal_value_musd = Decimal("250")

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create:
            obj.partners.set(extracted if extracted is not None else [CompanyFactory()])


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    alliance = factory.SubFactory(AllianceFactory)
    name = factory.Sequence(lambda n: f"Program {n:03d}")
    target = "HER3"
    indication = "Non-small cell lung cancer"

    @factory.post_generation
    def cleared(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.is_firewalled = True
            obj.save(update_fields=["is_firewalled"])
            obj.firewall_members.set(extracted)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllianceMember

    alliance = factory.SubFactory(AllianceFactory)
    user = factory.SubFactory("accord.people.tests.factories.UserFactory")
    role = MemberRole.ALLIANCE_MANAGER
