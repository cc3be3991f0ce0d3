"""Every write to the portfolio: views, the API, jobs and commands all come through here.

Each action runs in one transaction, validates with the model's own rules, and writes its audit
records in that same transaction. The package is split by sub-domain; import from here.
"""

from .alliances import (
    ALLIANCE_FIELDS,
    alliance_clear_tier_override,
    alliance_create,
    alliance_delete,
    alliance_override_tier,
    alliance_update,
    objective_add,
    objective_remove,
)
from .companies import COMPANY_FIELDS, company_create, company_delete, company_update
from .documents import DOCUMENT_FIELDS, document_delete, document_upload
from .policies import tiering_policy_update, workload_policy_update
from .programs import (
    CLEARANCE,
    PROGRAM_FIELDS,
    clearance_content,
    program_amend_clearance,
    program_create,
    program_delete,
    program_sign_clearance,
    program_update,
)
from .retier import TIER_FIELDS, alliances_retier
from .status import alliance_clear_status_override, alliance_override_status
from .team import MEMBER_FIELDS, member_add, member_remove, member_update

__all__ = [
    "ALLIANCE_FIELDS",
    "CLEARANCE",
    "COMPANY_FIELDS",
    "DOCUMENT_FIELDS",
    "MEMBER_FIELDS",
    "PROGRAM_FIELDS",
    "TIER_FIELDS",
    "alliance_clear_status_override",
    "alliance_clear_tier_override",
    "alliance_create",
    "alliance_delete",
    "alliance_override_status",
    "alliance_override_tier",
    "alliance_update",
    "alliances_retier",
    "clearance_content",
    "company_create",
    "company_delete",
    "company_update",
    "document_delete",
    "document_upload",
    "member_add",
    "member_remove",
    "member_update",
    "objective_add",
    "objective_remove",
    "program_amend_clearance",
    "program_create",
    "program_delete",
    "program_sign_clearance",
    "program_update",
    "tiering_policy_update",
    "workload_policy_update",
]
