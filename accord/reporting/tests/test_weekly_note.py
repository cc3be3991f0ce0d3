"""The weekly note: its sentences on crafted data, its life (draft, annotate, approve, send,
archive), the job, and the firewall: nothing about a firewalled program is ever in a note."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from accord.conftest import login
from accord.contracts.tests import factories as contracts
from accord.core import audit
from accord.core.models import AuditEvent
from accord.governance import actions as governance
from accord.governance.models import Decision, Issue, IssueEscalation, Risk
from accord.portfolio.tests.factories import AllianceFactory
from accord.reporting import actions, tasks, weekly
from accord.reporting.models import NoteAnnotation, NoteStatus, NoteSubscription, WeeklyNote

MONDAY = dt.date(2026, 3, 2)
SUNDAY = dt.date(2026, 3, 8)


def at(day: dt.date, hour=10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def week(world):
    """A crafted week: Tier 1 Kestrel (A) and a new Tier 1 alliance with an escalation, Tier 2
    Polaris (B); and the same kinds of facts on firewalled program A2, which must not show."""
    a, b = world.alliance_a, world.alliance_b
    a.tier, b.tier = 1, 2
    a.save(update_fields=["tier"])
    b.save(update_fields=["tier"])
    c = AllianceFactory(name="Heron RNA Platform", tier=1, effective_date=dt.date(2026, 3, 2))
    steering = governance.committee_create(
        actor=world.leader, alliance=c, data={"name": "JSC C", "kind": "jsc"}
    )
    sponsors = governance.committee_create(
        actor=world.leader, alliance=c, data={"name": "Executive sponsors C", "kind": "executives"}
    )
    supply = Issue.objects.create(
        alliance=c,
        title="Supply shortfall",
        area="manufacturing",
        status="escalated",
        level=sponsors,
    )
    IssueEscalation.objects.create(
        issue=supply, from_level=steering, to_level=sponsors, at=at(dt.date(2026, 3, 4))
    )

    Decision.objects.create(
        alliance=a,
        title="Start Phase 2 in HER3",
        area="development",
        status="decided",
        raised_on=dt.date(2026, 2, 1),
        decided_on=dt.date(2026, 3, 3),
        outcome="Go.",
    )
    Decision.objects.create(
        alliance=a,
        program=world.program_a2,
        title="Drop the KRAS secret arm",
        area="development",
        status="decided",
        raised_on=dt.date(2026, 2, 1),
        decided_on=dt.date(2026, 3, 3),
        outcome="Yes.",
    )
    Decision.objects.create(
        alliance=b,
        title="Approve the 2027 budget",
        area="financial",
        status="proposed",
        raised_on=dt.date(2026, 2, 20),
        due_on=dt.date(2026, 3, 20),
    )
    Decision.objects.create(
        alliance=a,
        program=world.program_a2,
        title="Secret go/no-go",
        area="development",
        status="raised",
        raised_on=dt.date(2026, 2, 20),
        due_on=dt.date(2026, 3, 21),
    )
    agreement_a = contracts.agreement(a, actor=world.leader)
    agreement_b = contracts.agreement(b, actor=world.leader)
    contracts.milestone(
        agreement_a,
        actor=world.leader,
        title="First patient dosed in Phase 2",
        forecast_date=dt.date(2026, 3, 5),
        achieved_on=dt.date(2026, 3, 5),
    )
    contracts.milestone(
        agreement_a,
        actor=world.leader,
        program=world.program_a2,
        title="KRAS secret candidate nominated",
        forecast_date=dt.date(2026, 3, 6),
        achieved_on=dt.date(2026, 3, 6),
    )
    contracts.milestone(
        agreement_b, actor=world.leader, title="IND filing", forecast_date=dt.date(2026, 3, 3)
    )
    contracts.milestone(
        agreement_b, actor=world.leader, title="Phase 1 readout", forecast_date=dt.date(2026, 4, 1)
    )
    Issue.objects.create(
        alliance=b,
        title="Invoice dispute",
        area="financial",
        status="resolved",
        raised_on=dt.date(2026, 2, 1),
        resolved_on=dt.date(2026, 3, 6),
        resolution="Paid.",
    )
    Risk.objects.create(
        alliance=a,
        title="Competitor readout",
        area="commercial",
        likelihood=4,
        impact=4,
        owner=world.manager_a,
        review_on=dt.date(2026, 4, 1),
    )
    Risk.objects.create(
        alliance=a,
        program=world.program_a2,
        title="Secret toxicity signal",
        area="development",
        likelihood=5,
        impact=5,
        owner=world.manager_a,
        review_on=dt.date(2026, 4, 1),
    )
    Risk.objects.create(
        alliance=b,
        title="Minor delay",
        area="development",
        likelihood=2,
        impact=3,
        owner=world.manager_b,
        review_on=dt.date(2026, 4, 1),
    )
    change = audit.build(
        actor=world.leader,
        obj=b,
        action=AuditEvent.Action.UPDATE,
        changes={"stage": ("Execution", "Wind-down")},
        alliance_id=b.pk,
    )
    for row in change:
        row.at = at(dt.date(2026, 3, 7))
    audit.save(change)
    return c


SECRETS = ("KRAS", "Secret", "secret")

EXPECTED = [
    {
        "name": "Heron RNA Platform",
        "tier": 1,
        "escalated": True,
        "happened": [
            "Issue escalated to Executive sponsors C: Supply shortfall.",
            "The agreement took effect on 2 Mar.",
        ],
        "ahead": [],
        "risks": [],
    },
    {
        "name": "Kestrel ADC Collaboration",
        "tier": 1,
        "escalated": False,
        "happened": [
            "Decided: Start Phase 2 in HER3.",
            "Milestone met: First patient dosed in Phase 2 (5 Mar).",
        ],
        "ahead": [],
        "risks": ["High risk (4×4): Competitor readout."],
    },
    {
        "name": "Polaris IL-23 Co-development",
        "tier": 2,
        "escalated": False,
        "happened": [
            "Milestone slipped: IND filing was forecast for 3 Mar and is not achieved.",
            "Issue resolved: Invoice dispute.",
            "Moved from Execution to Wind-down.",
        ],
        "ahead": [
            "Decision needed by 20 Mar: Approve the 2027 budget.",
            "Milestone forecast for 1 Apr: Phase 1 readout.",
        ],
        "risks": [],
    },
]


def without_ids(blocks):
    return [{k: v for k, v in b.items() if k != "alliance_id"} for b in blocks]


def test_the_note_says_what_happened_most_important_first_without_firewalled_facts(world, week):
    blocks = weekly.compose(MONDAY, SUNDAY)
    assert without_ids(blocks) == EXPECTED
    assert [b["alliance_id"] for b in blocks] == [week.pk, world.alliance_a.pk, world.alliance_b.pk]
    text = repr(blocks)
    assert not any(secret in text for secret in SECRETS)


def test_health_checks_closed_in_the_week_say_their_score_and_the_previous_one(world):
    from accord.health.models import Wave
    from accord.health.tests.factories import closed_wave

    closed_wave(
        world.leader,
        world.alliance_a,
        own=[("R&D", 100)] * 3,
        title="Spring check",
        opens_on=dt.date(2025, 9, 1),
    )
    autumn = closed_wave(
        world.leader,
        world.alliance_a,
        own=[("R&D", 0)] * 3,
        title="Autumn check",
        opens_on=dt.date(2026, 2, 1),
    )
    thin = closed_wave(world.leader, world.alliance_b, own=[], title="Pulse B")
    # Closed on the Wednesday of the week: every answer at the top of its scale, then the bottom.
    Wave.objects.filter(pk__in=[autumn.pk, thin.pk]).update(closed_at=at(dt.date(2026, 3, 4)))
    happened = {b["name"]: b["happened"] for b in weekly.compose(MONDAY, SUNDAY)}
    assert happened == {
        world.alliance_a.name: ["Health score 0/100 in “Autumn check” (previously 100)."],
        world.alliance_b.name: ["“Pulse B” closed with too few answers to show a score."],
    }


def test_the_week_before_a_monday(world):
    assert weekly.previous_week(dt.date(2026, 3, 9)) == (MONDAY, SUNDAY)
    assert weekly.previous_week(dt.date(2026, 3, 15)) == (MONDAY, SUNDAY)


def test_the_monday_job_drafts_last_weeks_note_once(world, week):
    pk = tasks.draft_weekly_note.call(slot=at(dt.date(2026, 3, 9), 6).isoformat())
    note = WeeklyNote.objects.get()
    assert (note.pk, note.week_start, note.week_end, note.status) == (
        pk,
        MONDAY,
        SUNDAY,
        NoteStatus.DRAFT,
    )
    assert without_ids(note.content) == EXPECTED
    assert AuditEvent.objects.filter(object_id=str(note.pk), action="create").exists()
    assert tasks.draft_weekly_note.call(slot=at(dt.date(2026, 3, 9), 6).isoformat()) == pk
    assert WeeklyNote.objects.count() == 1


def test_leader_annotates_approves_and_subscribers_get_it_by_email(
    world, week, django_capture_on_commit_callbacks
):
    note = actions.note_generate(actor=world.leader, week_start=MONDAY)
    actions.note_subscribe(actor=world.executive, user=world.executive, subscribe=True)
    actions.note_subscribe(actor=world.leader, user=world.leader, subscribe=True)
    actions.note_annotate(
        actor=world.leader,
        note=note,
        alliance=week,
        section="happened",
        text="The sponsors meet on Thursday; I expect a decision.",
    )
    actions.note_annotate(
        actor=world.leader, note=note, section="happened", text="A quiet week elsewhere."
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.note_approve(actor=world.leader, note=note)
    note.refresh_from_db()
    assert note.status == NoteStatus.SENT and note.approved_by == world.leader
    assert note.recipients == "exec@meridian.test\nleader@meridian.test"
    assert sorted(m.to[0] for m in mail.outbox) == ["exec@meridian.test", "leader@meridian.test"]
    message = mail.outbox[0]
    assert message.subject == "Partnerships: the week of 2 March 2026"
    assert "  - Issue escalated to Executive sponsors C: Supply shortfall.\n" in message.body
    assert "  Note: The sponsors meet on Thursday; I expect a decision.\n" in message.body
    assert message.body.startswith(
        "Partnerships: the week of 2 March 2026\n\nA quiet week elsewhere.\n"
    )
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("weekly-note-2026-03-02.pdf", "application/pdf")
    pdf_text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    assert "Supply shortfall" in pdf_text and "The sponsors meet on Thursday" in pdf_text
    assert not any(secret in pdf_text or secret in message.body for secret in SECRETS)
    # Archived: it no longer changes.
    with pytest.raises(ValidationError):
        actions.note_annotate(actor=world.leader, note=note, section="risks", text="Late words")
    with pytest.raises(ValidationError):
        actions.note_generate(actor=world.leader, week_start=MONDAY)
    assert NoteAnnotation.objects.filter(note=note).count() == 2


@pytest.mark.parametrize("persona", ["executive", "manager_a", "contributor"])
def test_only_the_leader_annotates_or_approves(world, week, persona):
    note = actions.note_generate(actor=world.leader, week_start=MONDAY)
    events = AuditEvent.objects.count()
    user = getattr(world, persona)
    client = login(user)
    response = client.post(
        f"/weekly-notes/{note.pk}/annotate/",
        {"section": "happened", "text": "Mine", "alliance": ""},
    )
    assert response.status_code == 403
    assert client.post(f"/weekly-notes/{note.pk}/approve/").status_code == 403
    with pytest.raises(PermissionDenied):
        actions.note_approve(actor=user, note=note)
    note.refresh_from_db()
    assert note.status == NoteStatus.DRAFT and not NoteAnnotation.objects.exists()
    assert AuditEvent.objects.count() == events and mail.outbox == []


def test_annotation_errors_name_the_field(world, week):
    note = actions.note_generate(actor=world.leader, week_start=MONDAY)
    client = login(world.leader)
    response = client.post(f"/weekly-notes/{note.pk}/annotate/", {"section": "gossip", "text": "x"})
    assert response.status_code == 400
    assert (
        "Section: Select a valid choice. gossip is not one of the available choices."
        in response.content.decode()
    )
    outside = AllianceFactory(name="Not in the note")
    response = client.post(
        f"/weekly-notes/{note.pk}/annotate/",
        {"section": "risks", "text": "x", "alliance": outside.pk},
    )
    assert response.status_code == 400
    assert "Alliance: This alliance is not in the note." in response.content.decode()
    for value, message in [
        ("", "Week: Choose a day of the week to report on."),
        ("3 March", "Week: Enter a date (YYYY-MM-DD)."),
        ("2199-01-06", "Week: That week has not begun yet: choose a past week."),
    ]:
        response = client.post("/weekly-notes/generate/", {"week_start": value})
        assert response.status_code == 400
        assert message in response.content.decode()
    with pytest.raises(ValidationError) as error:
        actions.note_generate(actor=world.leader, week_start=dt.date(2026, 3, 3))
    assert error.value.message_dict == {"week_start": ["A week starts on a Monday."]}
    assert not NoteAnnotation.objects.exists() and WeeklyNote.objects.count() == 1


def test_the_pages_show_the_note_and_its_pdf(world, week):
    note = actions.note_generate(actor=world.leader, week_start=MONDAY)
    page = login(world.executive).get(f"/weekly-notes/{note.pk}/").content.decode()
    assert "Milestone met: First patient dosed in Phase 2 (5 Mar)." in page
    assert "Approve and send" not in page
    assert (
        "Approve and send" in login(world.leader).get(f"/weekly-notes/{note.pk}/").content.decode()
    )
    response = login(world.executive).get(f"/weekly-notes/{note.pk}/note.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Decided: Start Phase 2 in HER3." in text
    for persona in ("partner_a", "partner_b", "outsider"):
        client = login(getattr(world, persona))
        assert client.get("/weekly-notes/").status_code == 403
        assert client.get(f"/weekly-notes/{note.pk}/").status_code == 403
        assert client.get(f"/weekly-notes/{note.pk}/note.pdf").status_code == 403


def test_staff_subscribe_themselves_partners_never(world):
    client = login(world.executive)
    assert client.post("/weekly-notes/subscription/", {"subscribe": "1"}).status_code == 302
    assert list(NoteSubscription.objects.values_list("user__email", flat=True)) == [
        "exec@meridian.test"
    ]
    assert client.post("/weekly-notes/subscription/", {"subscribe": "0"}).status_code == 302
    assert not NoteSubscription.objects.exists()
    assert (
        login(world.partner_a).post("/weekly-notes/subscription/", {"subscribe": "1"}).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        actions.note_subscribe(actor=world.manager_a, user=world.executive, subscribe=True)
    with pytest.raises(ValidationError):
        actions.note_subscribe(actor=world.leader, user=world.partner_a, subscribe=True)
    assert not NoteSubscription.objects.exists()
