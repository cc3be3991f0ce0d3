"""The practice and knowledge API: lessons, playbooks, applied packages and tasks, RACI,
templates and the alliance dossier. Same scoping as the pages; every write is an action."""

from .dossier import DossierViewSet
from .lessons import LessonViewSet
from .playbooks import (
    ApplicationViewSet,
    DeliverableViewSet,
    PackageProgressViewSet,
    PlaybookViewSet,
    TaskViewSet,
)
from .roles import RaciEntryViewSet, RoleHolderViewSet
from .templates import DocumentTemplateViewSet, TemplateUseViewSet
from .territories import TerritoryProfileViewSet

__all__ = [
    "ApplicationViewSet",
    "DeliverableViewSet",
    "DocumentTemplateViewSet",
    "DossierViewSet",
    "LessonViewSet",
    "PackageProgressViewSet",
    "PlaybookViewSet",
    "RaciEntryViewSet",
    "RoleHolderViewSet",
    "TaskViewSet",
    "TemplateUseViewSet",
    "TerritoryProfileViewSet",
]
