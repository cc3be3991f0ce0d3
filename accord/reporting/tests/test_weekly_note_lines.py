"""The weekly note's lines: each with its section, text and record; edited or removed by the
leader before approval, frozen after; the week picked with a date, any day of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accord.conftest import login
from accord.contracts import actions as contract_actions
from accord.contracts.tests import factories as contracts
from accord.core.models import AuditEvent
from accord.reporting import actions, notes
from accord.reporting.models import NoteLine, WeeklyNote

from .test_weekly_note import MONDAY, week  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def lines(note, **kwargs):
    return [(line.section, line.text) for line in notes.note_lines(note, **kwargs)]


def test_each_line_has_its_section_text_and_record_in_the_notes_order(world, week):  # noqa: F811
    note = actions.note_generate(actor=world.leader, week_start=MONDAY)
    stored = list(notes.note_lines(note))
    assert [(line.alliance_id, line.section, line.text) for line in stored] == [
        (week.pk, "happened", "Issue escalated to Executive sponsors C: Supply shortfall."),
        (week.pk, "happened", "The agreement took effect on 2 Mar."),
        (world.alliance_a.pk, "happened", "Decided: Start Phase 2 in HER3."),
        (world.alliance_a.pk, "happened", "Milestone met: First patient dosed in Phase 2 (5 Mar)."),
        (world.alliance_a.pk, "risks", "High risk (4×4): Competitor readout."),
        (world.alliance_b.pk, "happened",
         "Milestone slipped: IND filing was forecast for 3 Mar and is not achieved."),
        (world.alliance_b.pk, "happened", "Issue resolved: Invoice dispute."),
        (world.alliance_b.pk, "happened", "Moved from Execution to Wind-down."),
        (world.alliance_b.pk, "ahead", "Decision needed by 20 Mar: Approve the 2027 budget."),
        (world.alliance_b.pk, "ahead", "Milestone forecast for 1 Apr: Phase 1 readout."),
    ]  # fmt: skip
    assert [line.position for line in stored] == list(range(1, 11))
    assert stored[1].url == week.get_absolute_url()
    assert stored[2].url.startswith("/governance/decisions/")
    assert stored[3].url.startswith("/contracts/milestones/")


def test_completed_obligations_of_the_week_are_lines(world, week):  # noqa: F811
    agreement = contracts.agreement(world.alliance_b, actor=world.leader, title="Second")
    report = contracts.obligation(agreement, title="Quarterly report")
    secret = contracts.obligation(agreement, title="Secret report")
    contract_actions.obligation_complete(
        actor=world.leader, obligation=report, completed_on=dt.date(2026, 3, 4), evidence="Sent."
    )
    contract_actions.obligation_complete(
        actor=world.leader, obligation=secret, completed_on=dt.date(2026, 3, 9), evidence="Late."
    )
    note = actions.note_generate(actor=world.leader, week_start=MONDAY)
    polaris = next(b for b in note.content if b["alliance_id"] == world.alliance_b.pk)
    assert polaris["happened"] == [
        "Milestone slipped: IND filing was forecast for 3 Mar and is not achieved.",
        "Issue resolved: Invoice dispute.",
        "Obligation fulfilled: Quarterly report (4 Mar).",
        "Moved from Execution to Wind-down.",
    ]
    line = NoteLine.objects.get(text="Obligation fulfilled: Quarterly report (4 Mar).")
    assert line.url == report.get_absolute_url()


def test_the_leader_edits_and_removes_lines_and_the_note_reads_them(world, week):  # noqa: F811
    note = actions.note_generate(actor=world.leader, week_start=MONDAY)
    decided = NoteLine.objects.get(note=note, text="Decided: Start Phase 2 in HER3.")
    moved = NoteLine.objects.get(note=note, text="Moved from Execution to Wind-down.")
    actions.note_line_edit(actor=world.leader, line=decided, text="  The JSC said go  for HER3. ")
    actions.note_line_remove(actor=world.leader, line=moved)
    assert ("happened", "The JSC said go for HER3.") in lines(note)
    assert ("happened", "Moved from Execution to Wind-down.") not in lines(note)
    assert len(lines(note)) == 9 and len(lines(note, with_removed=True)) == 10
    text = notes.plain_text(note)
    assert "  - The JSC said go for HER3.\n" in text and "Wind-down" not in text
    edit = AuditEvent.objects.get(object_id=str(decided.pk), field="text")
    assert (edit.old_value, edit.new_value) == (
        "Decided: Start Phase 2 in HER3.",
        "The JSC said go for HER3.",
    )
    # Regenerating keeps the leader's edits of lines generated again.
    actions.note_generate(actor=world.leader, week_start=MONDAY)
    assert ("happened", "The JSC said go for HER3.") in lines(note)
    assert NoteLine.objects.get(note=note, generated_text=moved.generated_text).removed
    # Put back.
    moved = NoteLine.objects.get(note=note, generated_text=moved.generated_text)
    actions.note_line_remove(actor=world.leader, line=moved, removed=False)
    assert ("happened", "Moved from Execution to Wind-down.") in lines(note)


def test_a_line_cannot_be_emptied_and_an_approved_note_is_frozen(world, week):  # noqa: F811
    note = actions.note_generate(actor=world.leader, week_start=MONDAY)
    line = notes.note_lines(note).first()
    with pytest.raises(ValidationError) as error:
        actions.note_line_edit(actor=world.leader, line=line, text="   ")
    assert error.value.message_dict == {
        "text": ["A line needs some text: remove the line instead."]
    }
    with pytest.raises(PermissionDenied):
        actions.note_line_edit(actor=world.executive, line=line, text="Mine")
    actions.note_approve(actor=world.leader, note=note, send=False)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.note_line_edit(actor=world.leader, line=line, text="Too late")
    assert error.value.message_dict == {
        "status": ["This note was approved and sent: it no longer changes."]
    }
    with pytest.raises(ValidationError):
        actions.note_line_remove(actor=world.leader, line=line)
    line.refresh_from_db()
    assert (line.text, line.removed, AuditEvent.objects.count()) == (
        line.generated_text,
        False,
        before,
    )


def test_the_page_edits_and_removes_a_line(world, week):  # noqa: F811
    note = actions.note_generate(actor=world.leader, week_start=MONDAY)
    line = NoteLine.objects.get(note=note, text="Decided: Start Phase 2 in HER3.")
    client = login(world.leader)
    page = client.get(note.get_absolute_url()).content.decode()
    assert f'action="/weekly-notes/{note.pk}/lines/{line.pk}/"' in page
    assert f'<a href="{line.url}">Decided: Start Phase 2 in HER3.</a>' in page
    response = client.post(f"/weekly-notes/{note.pk}/lines/{line.pk}/", {"text": ""})
    assert response.status_code == 400
    assert "Line: A line needs some text: remove the line instead." in response.content.decode()
    response = client.post(f"/weekly-notes/{note.pk}/lines/{line.pk}/", {"text": "Go for HER3."})
    assert response.status_code == 302
    response = client.post(f"/weekly-notes/{note.pk}/lines/{line.pk}/remove/", {"removed": "1"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.text, line.removed) == ("Go for HER3.", True)
    reader = login(world.executive).get(note.get_absolute_url()).content.decode()
    assert "Go for HER3." not in reader and "Edit</summary>" not in reader


def test_the_week_is_picked_with_a_date_and_normalised_to_its_monday(world, week):  # noqa: F811
    client = login(world.leader)
    page = client.get("/weekly-notes/").content.decode()
    assert 'type="date" name="week_start"' in page
    response = client.post("/weekly-notes/generate/", {"week_start": "2026-03-05"})
    note = WeeklyNote.objects.get()
    assert response.status_code == 302 and response["Location"] == note.get_absolute_url()
    assert (note.week_start, note.week_end) == (MONDAY, dt.date(2026, 3, 8))
