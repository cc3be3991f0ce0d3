"""The Django admin reads through the same scope as the app (firewalls hold there too)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accord.conftest import login
from accord.core.models import AuditEvent
from accord.core.scoping import has_scope
from accord.portfolio import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_history(world):
    """An audited change to firewalled program A2 (its name is in the trail)."""
    actions.program_update(
        actor=world.manager_a, program=world.program_a2, data={"target": "KRAS G12V"}
    )
    rows = AuditEvent.objects.filter(program_id=world.program_a2.pk)
    assert rows.filter(object_repr="KST-SECRET").exists()
    return rows


def test_an_admin_not_cleared_finds_no_audit_record_of_the_firewalled_program(
    world, secret_history
):
    client = login(world.admin)
    hidden_pks = set(secret_history.values_list("pk", flat=True))
    for query in ("?q=KST-SECRET", "?q=KRAS", "?q=target"):
        listed = client.get("/admin/core/auditevent/" + query).context["cl"]
        assert listed.result_count == 0, query
    everything = client.get("/admin/core/auditevent/")
    assert not hidden_pks & {row.pk for row in everything.context["cl"].result_list}
    assert "KST-SECRET" not in everything.content.decode()
    assert "KRAS G12V" not in everything.content.decode()
    by_program = client.get(f"/admin/core/auditevent/?program_id={world.program_a2.pk}")
    assert by_program.context["cl"].result_count == 0
    hidden = secret_history.first()
    assert client.get(f"/admin/core/auditevent/{hidden.pk}/change/").status_code == 302


def test_an_admin_cleared_for_the_program_finds_its_records(world, secret_history):
    world.program_a2.firewall_members.add(world.admin)
    listed = login(world.admin).get("/admin/core/auditevent/?q=KST-SECRET").context["cl"]
    assert listed.result_count == secret_history.filter(object_repr="KST-SECRET").count() > 0


def test_every_admin_over_a_scoped_model_lists_only_what_its_user_may_see(world, secret_history):
    request = RequestFactory().get("/admin/")
    request.user = world.admin
    scoped_admins = 0
    for model, model_admin in admin.site._registry.items():
        if not has_scope(model):
            continue
        scoped_admins += 1
        listed = set(model_admin.get_queryset(request).values_list("pk", flat=True))
        visible = set(model._default_manager.visible_to(world.admin).values_list("pk", flat=True))
        assert listed <= visible, f"{model._meta.label} admin lists {sorted(listed - visible)}"
    assert scoped_admins >= 2  # the audit trail and the people at least
