"""Electronic signatures on a firewalled program's clearance (21 CFR 11.50, 11.70, 11.200)."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.exceptions import ValidationError

from accord.conftest import api_client, login
from accord.core.models import AuditEvent, Signature
from accord.people import signatures
from accord.people.models import LoginAttempt
from accord.portfolio import actions
from accord.portfolio.actions import CLEARANCE

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth remembers used TOTP codes in the cache; user ids recur between tests."""
    from django.core.cache import cache

    cache.clear()


SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def sign_page(client, program, **data):
    payload = {"meaning": "approved", "password": PASSWORD, "otp_code": "", **data}
    return client.post(f"/programs/{program.pk}/clearance/sign/", payload)


def current(program):
    return list(signatures.current(program, CLEARANCE))


def test_signing_shows_name_time_meaning_and_hash_with_the_record(world):
    client = login(world.manager_a)
    response = sign_page(client, world.program_a2)
    assert response.status_code == 302
    (signature,) = current(world.program_a2)
    assert (signature.signer, signature.signer_name, signature.meaning) == (
        world.manager_a,
        "Daniel Reyes",
        "approved",
    )
    assert signature.content["cleared"] == sorted(
        [
            f"{world.partner_a.get_full_name()} <{world.partner_a.email}>",
            "Daniel Reyes <manager.a@meridian.test>",
        ]
    )
    assert signature.content_hash == signatures.content_hash(
        actions.clearance_content(world.program_a2)
    )
    page = client.get(f"/programs/{world.program_a2.pk}/").content.decode()
    assert "Clearance signatures" in page
    assert "Daniel Reyes" in page and "Approved" in page
    assert f"{signature.signed_at:%Y-%m-%d %H:%M:%S} UTC" in page
    assert signature.content_hash[:16] in page
    assert "Signed: changes need an amendment with a reason." in page
    event = AuditEvent.objects.get(action="sign")
    assert (event.actor, event.program_id, event.field) == (
        world.manager_a,
        world.program_a2.pk,
        CLEARANCE,
    )
    assert event.new_value == f"Approved · sha256 {signature.content_hash}"


def test_a_wrong_password_signs_nothing_and_counts_as_a_failed_attempt(world):
    response = sign_page(login(world.manager_a), world.program_a2, password="not my password")
    assert response.status_code == 400
    assert "The password is not correct." in response.content.decode()
    assert Signature.objects.count() == 0
    assert not AuditEvent.objects.filter(action="sign").exists()
    assert LoginAttempt.objects.filter(account=world.manager_a.email, succeeded=False).count() == 1


def test_an_enrolled_signer_also_gives_a_current_totp_code(world):
    TOTP.activate(world.manager_a, SECRET)
    client = login(world.manager_a)
    missing = sign_page(client, world.program_a2)
    assert missing.status_code == 400
    assert "Enter the code from your authenticator app to sign." in missing.content.decode()
    wrong = sign_page(client, world.program_a2, otp_code="000000")
    assert "The authenticator code is not correct." in wrong.content.decode()
    assert Signature.objects.count() == 0
    code = format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))
    assert sign_page(client, world.program_a2, otp_code=code).status_code == 302
    assert len(current(world.program_a2)) == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("firewalled", 404),  # not cleared: the program does not exist for them
        ("leader", 404),  # firewalls apply to every role
        ("partner_a", 403),  # cleared, but signing is for our staff
        ("manager_b", 404),
        ("anonymous", 302),
    ],
)
def test_who_cannot_sign(world, persona, status):
    response = sign_page(login(world.persona(persona)), world.program_a2)
    assert response.status_code == status
    assert Signature.objects.count() == 0


def test_legal_signs_when_cleared_and_an_unfirewalled_program_has_nothing_to_sign(world):
    world.firewalled.function = "Legal"
    world.firewalled.save()
    world.program_a2.firewall_members.add(world.firewalled)
    assert (
        sign_page(login(world.firewalled), world.program_a2, meaning="reviewed").status_code == 302
    )
    assert [s.meaning for s in current(world.program_a2)] == ["reviewed"]
    assert sign_page(login(world.manager_a), world.program_a1).status_code == 403


def test_a_signed_clearance_is_locked_against_edits_in_actions_pages_and_api(world):
    actions.program_sign_clearance(
        actor=world.manager_a, program=world.program_a2, meaning="approved", password=PASSWORD
    )
    with pytest.raises(ValidationError) as error:
        actions.program_update(
            actor=world.manager_a,
            program=world.program_a2,
            data={"firewall_members": [world.manager_a, world.partner_a, world.firewalled]},
        )
    assert (
        "is signed: change it through an amendment"
        in error.value.message_dict["firewall_members"][0]
    )
    # The edit page no longer offers the clearance; other fields stay editable.
    client = login(world.manager_a)
    page = client.get(f"/programs/{world.program_a2.pk}/edit/").content.decode()
    assert 'name="firewall_members"' not in page and "an amendment with a reason" in page
    response = client.post(
        f"/programs/{world.program_a2.pk}/edit/",
        {
            "name": "KST-SECRET",
            "target": "KRAS G12D",
            "modality": "small_molecule",
            "phase": "phase_1",
            "version": world.program_a2.version,
            "is_firewalled": "",
            "firewall_members": [world.firewalled.pk],
        },
    )
    assert response.status_code == 302
    world.program_a2.refresh_from_db()
    assert world.program_a2.phase == "phase_1" and world.program_a2.is_firewalled
    assert set(world.program_a2.firewall_members.all()) == {world.manager_a, world.partner_a}
    api = api_client(world.manager_a)
    response = api.patch(
        f"/api/v1/programs/{world.program_a2.pk}/",
        {"is_firewalled": False},
        format="json",
    )
    assert response.status_code == 400
    assert "is signed" in response.json()["firewall_members"][0]
    world.program_a2.refresh_from_db()
    assert world.program_a2.is_firewalled
    assert len(current(world.program_a2)) == 1


def test_an_amendment_supersedes_the_signatures_and_is_audited_with_its_reason(world):
    actions.program_sign_clearance(
        actor=world.manager_a, program=world.program_a2, meaning="approved", password=PASSWORD
    )
    client = login(world.manager_a)
    refused = client.post(
        f"/programs/{world.program_a2.pk}/clearance/amend/",
        {"is_firewalled": "on", "firewall_members": [world.manager_a.pk], "reason": ""},
    )
    assert refused.status_code == 400
    assert len(current(world.program_a2)) == 1
    response = client.post(
        f"/programs/{world.program_a2.pk}/clearance/amend/",
        {
            "is_firewalled": "on",
            "firewall_members": [world.manager_a.pk, world.firewalled.pk],
            "reason": "Ravi joins the CMC sub-team",
            "version": world.program_a2.version,
        },
    )
    assert response.status_code == 302
    assert current(world.program_a2) == []
    (old,) = signatures.history(world.program_a2, CLEARANCE)
    assert (old.superseded_by, old.superseded_reason) == (
        world.manager_a,
        "Ravi joins the CMC sub-team",
    )
    assert set(world.program_a2.firewall_members.all()) == {world.manager_a, world.firewalled}
    amend = AuditEvent.objects.get(action="amend")
    assert amend.reason == "Ravi joins the CMC sub-team"
    change = AuditEvent.objects.get(action="update", field="firewall_members")
    assert change.reason == "Amendment: Ravi joins the CMC sub-team"
    page = client.get(f"/programs/{world.program_a2.pk}/").content.decode()
    assert "superseded" in page and "Ravi joins the CMC sub-team" in page
    # A stale version is a conflict, not a lost update.
    stale = client.post(
        f"/programs/{world.program_a2.pk}/clearance/amend/",
        {
            "is_firewalled": "on",
            "firewall_members": [world.manager_a.pk],
            "reason": "Second thoughts",
            "version": 1,
        },
    )
    assert stale.status_code == 409


def test_signing_and_amending_through_the_api(world):
    api = api_client(world.manager_a)
    url = f"/api/v1/programs/{world.program_a2.pk}/clearance-signatures/"
    bad = api.post(url, {"meaning": "approved", "password": "nope"}, format="json")
    assert bad.status_code == 400 and bad.json() == {"password": ["The password is not correct."]}
    response = api.post(url, {"meaning": "reviewed", "password": PASSWORD}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["signer_name"], body["meaning"], body["is_current"]) == (
        "Daniel Reyes",
        "reviewed",
        True,
    )
    assert [s["id"] for s in api.get(url).json()] == [body["id"]]
    assert api_client(world.partner_a).get(url).status_code == 403
    assert api_client(world.leader).get(url).status_code == 404
    amend = api.post(
        f"/api/v1/programs/{world.program_a2.pk}/clearance-amendment/",
        {
            "is_firewalled": True,
            "firewall_members": [world.manager_a.pk],
            "reason": "Partner team rotated off",
        },
        format="json",
    )
    assert amend.status_code == 200, amend.json()
    assert amend.json()["firewall_members"] == [world.manager_a.pk]
    assert api.get(url).json()[0]["is_current"] is False


def test_a_signature_no_longer_matches_content_changed_behind_its_back(world):
    signature = actions.program_sign_clearance(
        actor=world.manager_a, program=world.program_a2, meaning="approved", password=PASSWORD
    )
    assert signatures.verify_signature(signature, actions.clearance_content(world.program_a2))
    world.program_a2.firewall_members.add(world.firewalled)  # bypassing the actions
    assert not signatures.verify_signature(signature, actions.clearance_content(world.program_a2))
    page = login(world.manager_a).get(f"/programs/{world.program_a2.pk}/").content.decode()
    assert "content differs" in page
