"""Every account has its address as a verified, primary allauth EmailAddress: single sign-on
matched by email then keeps the account's password (allauth wipes it when unverified)."""

from allauth.account.models import EmailAddress
from django.apps import apps

from accord.people import actions
from accord.people.emails import sync_email_address
from accord.people.models import Role, User


def addresses(user):
    return list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary"))


def test_accounts_created_by_an_administrator_have_a_verified_address(world):
    user = actions.user_create(
        actor=world.admin,
        data={"email": " New.Person@Meridian.test ", "role": Role.MANAGER, "company": world.own},
    )
    assert addresses(user) == [("new.person@meridian.test", True, True)]


def test_createsuperuser_accounts_have_a_verified_address(world):
    user = User.objects.create_superuser(
        "root@meridian.test", "long enough password 1", company=world.own
    )
    assert addresses(user) == [("root@meridian.test", True, True)]


def test_a_changed_address_replaces_the_old_one(world):
    user = world.manager_b
    assert addresses(user) == [(user.email, True, True)]
    user.email = "renamed@meridian.test"
    user.save(update_fields=["email"])
    sync_email_address(user)
    assert addresses(user) == [("renamed@meridian.test", True, True)]
    assert EmailAddress.objects.count() == User.objects.count()


def test_the_migration_gives_existing_accounts_their_verified_address(world):
    from importlib import import_module

    migration = import_module("accord.people.migrations.0005_verified_email_addresses")
    EmailAddress.objects.all().delete()
    EmailAddress.objects.create(user=world.leader, email="old@meridian.test", verified=False)
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # twice: nothing doubles
    assert EmailAddress.objects.count() == User.objects.count()
    for user in User.objects.all():
        assert addresses(user) == [(user.email, True, True)]


def test_changing_the_address_in_the_admin_verifies_the_new_one(world):
    from accord.conftest import login

    user = world.manager_b
    response = login(world.admin).post(
        f"/admin/people/user/{user.pk}/change/",
        {
            "email": "b.renamed@meridian.test",
            "first_name": user.first_name,
            "last_name": user.last_name,
            "title": "",
            "function": "",
            "company": user.company_id,
            "role": user.role,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert addresses(user) == [("b.renamed@meridian.test", True, True)]
