"""The reporting demo: an archived weekly note and a current draft, telling the demo's story."""

import pytest
from django.core.management import call_command

from accord.reporting.models import NoteAnnotation, NoteStatus, NoteSubscription, WeeklyNote


@pytest.fixture
def demo(db):
    call_command("seed", size="demo")


def test_reporting_demo(demo):
    archived, draft = WeeklyNote.objects.order_by("week_start")
    assert (
        archived.status == NoteStatus.SENT
        and archived.approved_by.email == "helen.park@meridian.example"
    )
    assert draft.status == NoteStatus.DRAFT and (draft.week_start - archived.week_start).days == 7
    assert NoteSubscription.objects.get().user.email == "richard.hale@meridian.example"
    assert NoteAnnotation.objects.filter(note=archived).count() == (2 if archived.content else 1)
    # The story: the notes have something to say, Tier 1 first.
    for note in (archived, draft):
        assert note.content, note
        tiers = [block["tier"] for block in note.content]
        assert tiers == sorted(tiers)
        assert all(block["happened"] or block["ahead"] or block["risks"] for block in note.content)
