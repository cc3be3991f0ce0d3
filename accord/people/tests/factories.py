import factory
from allauth.account.models import EmailAddress

from accord.people.models import Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@meridian.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.MANAGER
    company = factory.LazyFunction(lambda: _own_company())
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            # What sync_email_address(obj) leaves for a new account (its only address, verified
            # and primary), written as the seed writes it: one INSERT instead of a delete and
            # an update_or_create per person of every test's world.
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class PartnerUserFactory(UserFactory):
    email = factory.Sequence(lambda n: f"partner{n}@partner.test")
    role = Role.PARTNER
    company = factory.SubFactory("accord.portfolio.tests.factories.CompanyFactory")


def _own_company():
    from accord.portfolio.models import Company
    from accord.portfolio.tests.factories import OwnCompanyFactory

    return Company.objects.filter(kind=Company.Kind.OWN).first() or OwnCompanyFactory()
