"""The contracts API: agreements, defined terms, events, obligations, milestones, rights,
restrictions, calendar feeds and the conflict checks, scoped exactly like the pages.

Serializers (`serializers.py`) validate shapes and types; every write in the viewsets
(`views.py`) goes through the same actions as the pages.
"""

from .glossary import GlossaryTermViewSet
from .variances import VarianceViewSet
from .views import (
    AgreementViewSet,
    ConflictCheckViewSet,
    DefinedTermViewSet,
    EventViewSet,
    FeedViewSet,
    MilestoneViewSet,
    ObligationViewSet,
    RestrictionViewSet,
    RightViewSet,
)

__all__ = [
    "AgreementViewSet",
    "ConflictCheckViewSet",
    "DefinedTermViewSet",
    "EventViewSet",
    "FeedViewSet",
    "GlossaryTermViewSet",
    "MilestoneViewSet",
    "ObligationViewSet",
    "RestrictionViewSet",
    "RightViewSet",
    "VarianceViewSet",
]
