"""Configuration edited in the Django admin is audited like any other change, and a change
there reaches the pages kept until anything changes (accord.core.freshness)."""

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict

from accord.conftest import login
from accord.core.admin import AuditedModelAdmin, ReadOnlyAdmin
from accord.core.models import AuditEvent
from accord.health.models import HealthPolicy
from accord.health.tests.factories import closed_wave
from accord.portfolio.admin import PolicyAdmin

pytestmark = pytest.mark.django_db


def test_every_admin_that_can_change_anything_writes_the_audit_trail(rf, world):
    """Audited (AuditedModelAdmin), saved through an audited action (PolicyAdmin), or unable to
    add, change or delete anything: Accord's models and the sign-in configuration alike."""
    request = rf.get("/admin/")
    request.user = world.admin
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedModelAdmin | PolicyAdmin | ReadOnlyAdmin)
        and (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
    ]
    assert unaudited == []


def test_a_single_sign_on_secret_changed_in_the_admin_is_audited_without_its_value(world):
    from allauth.socialaccount.models import SocialApp

    data = {
        "provider": "openid_connect",
        "provider_id": "corporate",
        "name": "Corporate SSO",
        "client_id": "accord",
        "secret": "s3cret-value",
        "key": "",
        "settings": '{"server_url": "https://sso.example"}',
    }
    response = login(world.admin).post("/admin/socialaccount/socialapp/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    app = SocialApp.objects.get(provider_id="corporate")
    trail = {
        row.field: row.new_value
        for row in AuditEvent.objects.filter(object_id=str(app.pk), object_repr=str(app))
    }
    assert trail["client_id"] == "accord" and trail["name"] == "Corporate SSO"
    assert "s3cret-value" not in "".join(
        f"{row.old_value}{row.new_value}" for row in AuditEvent.objects.all()
    )


def test_a_health_policy_changed_in_the_admin_is_audited_and_reaches_the_kept_health_page(
    world, django_capture_on_commit_callbacks
):
    closed_wave(
        world.manager_a,
        world.alliance_a,
        own=[("Commercial", 100)] * 3,
        partner=[("Research", 75)] * 3,
    )
    page = f"/alliances/{world.alliance_a.pk}/health/"
    manager = login(world.manager_a)
    assert "Critical gap" in manager.get(page).content.decode()  # a gap of 25: kept
    data = {k: v for k, v in model_to_dict(HealthPolicy.load()).items() if k != "id"}
    data["gap_critical"] = "30.0"
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.admin).post("/admin/health/healthpolicy/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    row = AuditEvent.objects.get(field="gap_critical")
    assert (row.actor_id, row.old_value, row.new_value) == (world.admin.pk, "", "30")
    after = manager.get(page).content.decode()
    assert "Critical gap" not in after and "Significant gap" in after
    # Changed again: the trail has old → new, and the kept page follows once more.
    data["gap_critical"] = "22.5"
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.admin).post("/admin/health/healthpolicy/1/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    row = AuditEvent.objects.filter(field="gap_critical").latest("pk")
    assert (row.action, row.old_value, row.new_value) == ("update", "30", "22.5")
    assert "Critical gap" in manager.get(page).content.decode()
