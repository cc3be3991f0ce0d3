"""Every write of practice and knowledge: pages, the API, jobs and seeds all come through here.

Each action runs in one transaction, validates with the models' own rules, re-reads the rows it
changes under lock and records its audit trail in the same transaction.
"""

from .lessons import lesson_create, lesson_delete, lesson_promote, lesson_update
from .library import template_adopt, template_create, template_use_remove, template_version_add
from .playbooks import (
    application_reapply,
    application_sync,
    deliverable_create,
    deliverable_retire,
    deliverable_update,
    playbook_apply,
    playbook_create,
    playbook_update,
    task_update,
)
from .roles import (
    raci_adopt_standard,
    raci_entry_create,
    raci_entry_delete,
    raci_entry_update,
    role_holder_add,
    role_holder_remove,
)
from .territories import (
    territory_profile_create,
    territory_profile_delete,
    territory_profile_update,
    territory_profiles_remind,
)

__all__ = [
    "application_reapply",
    "application_sync",
    "deliverable_create",
    "deliverable_retire",
    "deliverable_update",
    "lesson_create",
    "lesson_delete",
    "lesson_promote",
    "lesson_update",
    "playbook_apply",
    "playbook_create",
    "playbook_update",
    "raci_adopt_standard",
    "raci_entry_create",
    "raci_entry_delete",
    "raci_entry_update",
    "role_holder_add",
    "role_holder_remove",
    "task_update",
    "template_adopt",
    "template_create",
    "template_use_remove",
    "template_version_add",
    "territory_profile_create",
    "territory_profile_delete",
    "territory_profile_update",
    "territory_profiles_remind",
]
