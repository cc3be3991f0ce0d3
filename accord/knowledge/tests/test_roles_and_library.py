"""RACI per alliance and the versioned templates library."""

import pytest
from django.core.exceptions import ValidationError

from accord.conftest import login
from accord.core.models import AuditEvent
from accord.knowledge import actions
from accord.knowledge.models import DocumentTemplate, RaciEntry, TemplateKind, TemplateUse
from accord.knowledge.standard import STANDARD_RACI, install_library
from accord.knowledge.template_files import starter_upload


def test_the_standard_raci_is_added_once(world):
    created = actions.raci_adopt_standard(actor=world.manager_b, alliance=world.alliance_b)
    assert len(created) == len(STANDARD_RACI) == 12
    assert actions.raci_adopt_standard(actor=world.manager_b, alliance=world.alliance_b) == []
    out = set(world.alliance_b.raci.filter(in_am_scope=False).values_list("activity", flat=True))
    assert "Day-to-day execution of the work plan" in out


def test_each_activity_has_exactly_one_accountable_party(world):
    with pytest.raises(ValidationError) as error:
        actions.raci_entry_create(
            actor=world.manager_b,
            alliance=world.alliance_b,
            data={"activity": "Press releases", "alliance_management": "A", "partner": "A"},
        )
    assert (
        "exactly one party is accountable (A); 2 are"
        in error.value.message_dict["alliance_management"][0]
    )
    with pytest.raises(ValidationError) as error:
        actions.raci_entry_create(
            actor=world.manager_b,
            alliance=world.alliance_b,
            data={"activity": "Press releases", "business_development": "A", "in_am_scope": True},
        )
    assert "in_am_scope" in error.value.message_dict
    assert RaciEntry.objects.count() == 0


def test_roles_page_scoping(world):
    url = f"/alliances/{world.alliance_b.pk}/roles/"
    data = {
        "form": "entry",
        "activity": "Press releases",
        "alliance_management": "A",
        "in_am_scope": "on",
        "order": 10,
    }
    assert login(world.manager_a).post(url, data).status_code == 403
    assert login(world.partner_b).get(url).status_code == 403
    assert login(world.partner_a).get(url).status_code == 404
    assert RaciEntry.objects.count() == 0
    response = login(world.manager_b).post(url, {**data, "alliance_management": ""})
    assert response.status_code == 400
    assert login(world.manager_b).post(url, data).status_code == 302
    assert RaciEntry.objects.get().activity == "Press releases"


def test_a_partner_user_can_fill_only_the_partner_role(world):
    with pytest.raises(ValidationError):
        actions.role_holder_add(
            actor=world.leader,
            alliance=world.alliance_b,
            group="project_management",
            user=world.partner_b,
        )
    with pytest.raises(ValidationError):
        actions.role_holder_add(
            actor=world.leader, alliance=world.alliance_b, group="partner", user=world.partner_a
        )
    holder = actions.role_holder_add(
        actor=world.leader, alliance=world.alliance_b, group="partner", user=world.partner_b
    )
    assert holder.get_group_display() == "The partner"


def test_library_versions_and_which_alliances_use_which(world):
    library = install_library(actor=world.leader)
    assert len(library) == 9
    charter = library[TemplateKind.CHARTER]
    v1 = charter.current_version
    actions.template_adopt(actor=world.manager_b, alliance=world.alliance_b, template=charter)
    v2 = actions.template_version_add(
        actor=world.leader, template=charter, upload=starter_upload(TemplateKind.CHARTER, 2)
    )
    charter = DocumentTemplate.objects.get(pk=charter.pk)
    assert (v1.number, v2.number, charter.current_version) == (1, 2, v2)
    use = TemplateUse.objects.get(alliance=world.alliance_b)
    assert use.version == v1 and not use.is_current
    actions.template_adopt(actor=world.manager_a, alliance=world.alliance_a, template=charter)
    assert TemplateUse.objects.get(alliance=world.alliance_a).version == v2
    page = login(world.leader).get(f"/templates/{charter.pk}/").content.decode()
    assert "newer available" in page
    response = login(world.leader).get(f"/files/{v2.file_id}/")
    assert response.status_code == 200
    assert login(world.partner_b).get(f"/files/{v2.file_id}/").status_code == 404
    assert login(world.partner_b).get("/templates/").status_code == 403


def test_a_hostile_upload_is_refused_and_nothing_is_written(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    library = install_library(actor=world.leader)
    charter = library[TemplateKind.CHARTER]
    before = AuditEvent.objects.count()
    fake = SimpleUploadedFile(
        "charter.docx", b"MZ\x90\x00 not a document", content_type="application/octet-stream"
    )
    response = login(world.leader).post(f"/templates/{charter.pk}/", {"file": fake, "notes": "x"})
    assert response.status_code == 400
    assert charter.versions.count() == 1
    assert AuditEvent.objects.count() == before
    text = SimpleUploadedFile("notes.txt", b"plain text", content_type="text/plain")
    response = login(world.leader).post(f"/templates/{charter.pk}/", {"file": text})
    assert response.status_code == 400
    assert "A template is a Word, PDF or Excel document." in response.content.decode()
    assert charter.versions.count() == 1
    assert (
        login(world.manager_a)
        .post(f"/templates/{charter.pk}/", {"file": starter_upload(TemplateKind.CHARTER, 2)})
        .status_code
        == 403
    )
