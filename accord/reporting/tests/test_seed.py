"""The reporting demo: an archived weekly note and a current draft, telling the demo's story."""

from accord.reporting.models import NoteAnnotation, NoteStatus, NoteSubscription, WeeklyNote


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
    # Last week, whatever day the demo is seeded on: each kind of event, the escalation first.
    happened = [sentence for block in draft.content for sentence in block["happened"]]
    kinds = (
        "Issue escalated to",
        "Joint Steering Committee decided",
        "Milestone met",
        "Milestone slipped",
        "Issue resolved",
        "Health score",
    )
    assert [k for k in kinds if any(s.startswith(k) for s in happened)] == list(kinds)
    assert draft.content[0]["escalated"] is True
