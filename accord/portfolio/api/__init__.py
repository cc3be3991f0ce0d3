"""The portfolio API: companies, alliances, their teams and programs.

Serializers validate shapes and types; every write is done by the same actions the pages use.
"""

from .alliances import AllianceViewSet
from .companies import CompanyViewSet
from .documents import DocumentViewSet
from .programs import ProgramViewSet
from .workload import WorkloadViewSet

__all__ = [
    "AllianceViewSet",
    "CompanyViewSet",
    "DocumentViewSet",
    "ProgramViewSet",
    "WorkloadViewSet",
]
