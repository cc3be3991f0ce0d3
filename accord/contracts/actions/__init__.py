"""Every write to the contract register: views, the API, jobs, seeds and other apps come here
(`accord.contracts.actions.<entity>_<verb>`; the code is split by sub-domain below).

Each action runs in one transaction, validates with the model's rules and the due-rule engine,
derives the stored due date, and writes its audit records in that same transaction, so a bad
rule or date leaves nothing behind.

Entry points for other apps:
- `obligation_create(actor=, alliance=, agreement=None, data=)`: e.g. the governance app creates
  "governance cadence" obligations from a committee charter (category="governance",
  agreement=None, section="Charter § 3"); the reminder job then reminds their owners.
- `event_record(...)`: record that an event happened; dormant obligations and milestones that
  count from it come alive.
- `accord.contracts.reminders.remind(...)`: the reminder cadence for any dated item.
- `Milestone.objects.paid_between(start, end)`: realised milestone payments for the value app.
"""

from .agreements import (
    agreement_attach,
    agreement_create,
    agreement_delete,
    agreement_update,
    defined_term_create,
    defined_term_delete,
    defined_term_update,
    feed_create,
    feed_revoke,
)
from .entitlements import (
    milestone_create,
    milestone_delete,
    milestone_mark_achieved,
    milestone_mark_slipped,
    milestone_update,
    restriction_create,
    restriction_delete,
    restriction_update,
    right_create,
    right_delete,
    right_exercise,
    right_update,
)
from .glossary import (
    glossary_seed_from_agreement,
    glossary_term_agree,
    glossary_term_create,
    glossary_term_delete,
    glossary_term_endorse,
    glossary_term_update,
    team_word_agree,
    team_word_delete,
    team_word_suggest,
)
from .imports import agreement_import_run, agreement_import_start, import_finding_confirm
from .obligations import (
    event_delete,
    event_record,
    obligation_adopt,
    obligation_complete,
    obligation_create,
    obligation_delete,
    obligation_follow_meetings,
    obligation_set_state,
    obligation_snooze,
    obligation_update,
)
from .presigning import (
    presigning_finding_dismiss,
    presigning_review_run,
    presigning_review_start,
)
from .variances import (
    variance_create,
    variance_formalise,
    variance_sign,
    variance_update,
    variance_withdraw,
)

__all__ = [
    "agreement_attach",
    "agreement_create",
    "agreement_delete",
    "agreement_import_run",
    "agreement_import_start",
    "agreement_update",
    "defined_term_create",
    "defined_term_delete",
    "defined_term_update",
    "event_delete",
    "event_record",
    "feed_create",
    "feed_revoke",
    "glossary_seed_from_agreement",
    "glossary_term_agree",
    "glossary_term_create",
    "glossary_term_delete",
    "glossary_term_endorse",
    "glossary_term_update",
    "import_finding_confirm",
    "milestone_create",
    "milestone_delete",
    "milestone_mark_achieved",
    "milestone_mark_slipped",
    "milestone_update",
    "obligation_adopt",
    "obligation_complete",
    "obligation_create",
    "obligation_delete",
    "obligation_follow_meetings",
    "obligation_set_state",
    "obligation_snooze",
    "obligation_update",
    "presigning_finding_dismiss",
    "presigning_review_run",
    "presigning_review_start",
    "restriction_create",
    "restriction_delete",
    "restriction_update",
    "right_create",
    "right_delete",
    "right_exercise",
    "right_update",
    "team_word_agree",
    "team_word_delete",
    "team_word_suggest",
    "variance_create",
    "variance_formalise",
    "variance_sign",
    "variance_update",
    "variance_withdraw",
]
