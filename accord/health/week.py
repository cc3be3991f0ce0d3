"""What alliance health adds to My week (accord.core.registry.WEEK_SOURCES): the surveys a
person has been asked to answer and has not, while their wave is open."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accord.core.registry import WeekRow
from accord.portfolio.models import Alliance

from .models import Respondent, Side


def survey_rows(viewer, people, start, end, filters):
    queryset = (
        Respondent.objects.to_answer(people, today=start)
        .filter(wave__alliance__in=Alliance.objects.visible_to(viewer), wave__closes_on__lte=end)
        .select_related("wave", "wave__alliance")
        .order_by("wave__closes_on", "pk")
    )
    alliance = filters.get("alliance")
    if alliance:
        queryset = queryset.filter(wave__alliance_id=alliance)
    return [
        WeekRow(
            kind="survey",
            pk=r.pk,
            title=r.wave.title,
            # Our staff answer in Accord (the answer page is the respondent's own: the team
            # view links someone else's to the wave); a partner answers through the link emailed.
            url=(
                reverse("health:answer", args=[r.wave_id])
                if r.side == Side.OWN and r.user_id == viewer.pk
                else reverse("health:wave_detail", args=[r.wave_id])
                if r.side == Side.OWN
                else ""
            ),
            due=r.wave.closes_on,
            alliance_id=r.wave.alliance_id,
            alliance_name=r.wave.alliance.name,
            who=r.name,
            detail=_("Health survey, closes"),
        )
        for r in queryset
    ]


def register() -> None:
    from accord.core.registry import register_week_source

    register_week_source(
        kind="survey",
        noun="Survey",
        label="Surveys to answer",
        order=30,
        rows=survey_rows,
        internal_only=False,
    )
