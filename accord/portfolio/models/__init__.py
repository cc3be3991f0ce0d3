from .alliances import (
    RESPONSIBLE_ROLES,
    SERVICE_PACKAGE_FOR_TIER,
    STAGE_ORDER,
    Alliance,
    AllianceMember,
    AllianceObjective,
    AlliancePartner,
    AllianceType,
    MemberRole,
    Modality,
    Phase,
    Program,
    ServicePackage,
    Stage,
    Tier,
)
from .companies import Company
from .documents import AllianceDocument
from .policies import TieringPolicy, WorkloadPolicy
from .reference import AMTeam, StrategicPriority, Territory, TherapeuticArea
from .status import AllianceStatusOverride, Rag

__all__ = [
    "RESPONSIBLE_ROLES",
    "SERVICE_PACKAGE_FOR_TIER",
    "STAGE_ORDER",
    "AMTeam",
    "Alliance",
    "AllianceDocument",
    "AllianceMember",
    "AllianceObjective",
    "AlliancePartner",
    "AllianceStatusOverride",
    "AllianceType",
    "Company",
    "MemberRole",
    "Modality",
    "Phase",
    "Program",
    "Rag",
    "ServicePackage",
    "Stage",
    "StrategicPriority",
    "Territory",
    "TherapeuticArea",
    "Tier",
    "TieringPolicy",
    "WorkloadPolicy",
]
