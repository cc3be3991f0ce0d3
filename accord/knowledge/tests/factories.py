import datetime as dt

import factory

from accord.knowledge.models import Anchor, Cadence, Deliverable, Lesson, Playbook, RoleGroup


class LessonFactory(factory.django.DjangoModelFactory):
    """A lesson written straight to the database (not indexed): tests of search use actions."""

    class Meta:
        model = Lesson

    title = factory.Sequence(lambda n: f"Lesson {n:03d}")
    context = "A co-development in oncology."
    what_happened = "The partners read the milestone differently."
    lesson = "Milestones must use the agreement's defined terms."
    recommendation = "Check the work plan against the definitions before signing."
    recorded_on = dt.date(2025, 6, 1)


class PlaybookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Playbook

    name = factory.Sequence(lambda n: f"Playbook {n:03d}")
    kind = "lifecycle"
    lifecycle = "launch"


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    playbook = factory.SubFactory(PlaybookFactory)
    title = factory.Sequence(lambda n: f"Deliverable {n:03d}")
    anchor = Anchor.START
    offset_days = 30
    cadence = Cadence.ONCE
    owner_role = RoleGroup.ALLIANCE_MANAGEMENT
