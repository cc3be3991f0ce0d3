"""The contracts API: agreements, defined terms, events, obligations, milestones, rights,
restrictions, calendar feeds and the conflict checks, scoped exactly like the pages.

Serializers (`serializers.py`) validate shapes and types; every write in the viewsets
(`views.py`) goes through the same actions as the pages.
"""

from .glossary import GlossaryTermViewSet
from .imports import AgreementImportViewSet
from .presigning import PresigningFindingViewSet, PresigningReviewViewSet
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
    "AgreementImportViewSet",
    "AgreementViewSet",
    "ConflictCheckViewSet",
    "DefinedTermViewSet",
    "EventViewSet",
    "FeedViewSet",
    "GlossaryTermViewSet",
    "MilestoneViewSet",
    "ObligationViewSet",
    "PresigningFindingViewSet",
    "PresigningReviewViewSet",
    "RestrictionViewSet",
    "RightViewSet",
    "VarianceViewSet",
]
