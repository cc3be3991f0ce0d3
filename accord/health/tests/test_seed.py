"""The health demo tells its story: a declining, two-sided Polaris co-promotion in relaunch."""

from accord.health.models import (
    BenchmarkEntry,
    GapClass,
    JointGoal,
    MaturityAssessment,
    Relaunch,
    RelaunchStatus,
    Wave,
    WaveKind,
)
from accord.health.results import alliance_trend
from accord.people.models import User
from accord.portfolio.models import Alliance


def test_health_demo(demo):
    helen = User.objects.get(email="helen.park@meridian.example")
    surveyed = (
        Wave.objects.closed().filter(kind=WaveKind.JOINT).values("alliance").distinct().count()
    )
    assert surveyed == 5
    copromo = Alliance.objects.get(name="Polaris US Co-promotion")
    trend = alliance_trend(copromo, helen)
    assert len(trend) == 3 and all(r.available for r in trend)
    overall = [r.group("all").overall for r in trend]
    assert overall == sorted(overall, reverse=True) and overall[0] - overall[-1] > 10
    classes = {g.klass for g in trend[-1].gaps}
    assert GapClass.CRITICAL in classes and len(classes) >= 2
    assert trend[-1].highlights["biggest_drops"]
    relaunch = Relaunch.objects.get(alliance=copromo)
    assert relaunch.status == RelaunchStatus.IN_PROGRESS and relaunch.missing_steps()
    assert JointGoal.objects.filter(alliance=copromo, relaunch=relaunch).count() == 5
    assert Wave.objects.filter(launched_at__isnull=False, closed_at__isnull=True).count() == 1
    assert Wave.objects.filter(kind=WaveKind.PULSE).count() == 1
    assert MaturityAssessment.objects.get().status == "completed"
    assert BenchmarkEntry.objects.count() == 24
