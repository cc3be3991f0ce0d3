"""The alliance health API (see each module)."""

from .maturity import BenchmarkViewSet, MaturityViewSet
from .plan import HealthActionViewSet
from .scorecards import JointGoalViewSet, MetricViewSet, RelaunchViewSet
from .surveys import InstrumentViewSet, InvitationViewSet, WaveViewSet

__all__ = [
    "BenchmarkViewSet",
    "HealthActionViewSet",
    "InstrumentViewSet",
    "InvitationViewSet",
    "JointGoalViewSet",
    "MaturityViewSet",
    "MetricViewSet",
    "RelaunchViewSet",
    "WaveViewSet",
]
