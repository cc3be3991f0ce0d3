"""The governance API: bodies, meetings, decisions, action items, issues, risks, communications.

Serializers validate shapes and types; every write is done by the same actions the pages use, and
every read is scoped like the pages (out of scope is absent from lists and a 404).
"""

from .committees import CommitteeViewSet, TermsViewSet
from .communications import CommunicationViewSet
from .issues import IssueViewSet, RiskViewSet
from .meetings import MeetingViewSet
from .records import ActionItemViewSet, DecisionViewSet

__all__ = [
    "ActionItemViewSet",
    "CommitteeViewSet",
    "CommunicationViewSet",
    "DecisionViewSet",
    "IssueViewSet",
    "MeetingViewSet",
    "RiskViewSet",
    "TermsViewSet",
]
