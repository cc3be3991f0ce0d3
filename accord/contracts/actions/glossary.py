"""The alliance glossary: kept and agreed by the people who run the alliance, read by both
sides, the partner's team suggesting the words it uses; endorsed by a governance body."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import (
    Entry,
    alliance_scope,
    assign,
    create_entry,
    open_update,
    require_reason,
    save_update,
)
from accord.core.versioning import lock

from ..models import Agreement, DefinedTerm, GlossaryTerm, TeamWord, WordStatus

log = logging.getLogger(__name__)

TERM_FIELDS = ["term", "contractual_definition", "agreement", "section", "meaning", "translations"]
TERM_AUDIT = [
    *TERM_FIELDS,
    "agreed_by",
    "agreed_at",
    "endorsed_by_body",
    "endorsed_reference",
    "endorsed_on",
]
WORD_AUDIT = ["term", "company", "word", "note", "status"]


def may_keep_glossary(user, alliance) -> bool:
    from ..access import can_edit_register

    return user.is_authenticated and user.is_internal and can_edit_register(user, alliance)


def _require_keeper(user, alliance) -> None:
    if not may_keep_glossary(user, alliance):
        raise PermissionDenied(_("The glossary is kept by the people who run the alliance."))


def _validate(term: GlossaryTerm, relations: dict | None = None) -> None:
    if term.agreement_id and term.agreement.alliance_id != term.alliance_id:
        raise ValidationError({"agreement": _("This agreement belongs to another alliance.")})
    term.full_clean(exclude=["alliance"])


TERM = Entry(GlossaryTerm, TERM_AUDIT, editable=TERM_FIELDS, check=_validate, scope=alliance_scope)


@transaction.atomic
def glossary_term_create(*, actor, alliance, data: dict, defined_term=None) -> GlossaryTerm:
    _require_keeper(actor, alliance)
    term = GlossaryTerm(alliance=alliance, defined_term=defined_term)
    return create_entry(TERM, term, actor=actor, data=data)


@transaction.atomic
def glossary_term_update(
    *, actor, term: GlossaryTerm, data: dict, expected_version=None, reason=""
) -> GlossaryTerm:
    """Change a term. A change of its meaning or translations needs agreeing again."""
    _require_keeper(actor, term.alliance)
    term, before = open_update(TERM, term, expected_version)
    old_meaning, old_translations = term.meaning, dict(term.translations or {})
    assign(term, data, TERM_FIELDS)
    _validate(term)
    if term.meaning != old_meaning or dict(term.translations or {}) != old_translations:
        term.agreed_by, term.agreed_at = None, None
    return save_update(TERM, term, before, actor=actor, reason=reason)


@transaction.atomic
def glossary_term_delete(*, actor, term: GlossaryTerm, reason: str) -> None:
    _require_keeper(actor, term.alliance)
    reason = require_reason(reason, _("deleting a glossary term"))
    term = lock(GlossaryTerm, term.pk)
    audit.record_delete(
        actor=actor, obj=term, fields=TERM_AUDIT, reason=reason, **alliance_scope(term)
    )
    term.delete()


@transaction.atomic
def glossary_term_agree(*, actor, term: GlossaryTerm) -> GlossaryTerm:
    """Record that the meaning and translations as they stand are agreed, by whom and when."""
    _require_keeper(actor, term.alliance)
    term, before = open_update(TERM, term, fields=["agreed_by", "agreed_at"])
    if not term.meaning.strip():
        raise ValidationError(
            {"meaning": _("Write the plain-language meaning before agreeing it.")}
        )
    term.agreed_by, term.agreed_at = actor, timezone.now()
    return save_update(TERM, term, before, actor=actor)


@transaction.atomic
def glossary_term_endorse(
    *, actor, term: GlossaryTerm, body: str, endorsed_on: dt.date, reference: str = ""
) -> GlossaryTerm:
    """A governance body (the JSC) endorsed the agreed term, e.g. in a meeting's decision."""
    _require_keeper(actor, term.alliance)
    endorsed = ["endorsed_by_body", "endorsed_reference", "endorsed_on"]
    term, before = open_update(TERM, term, fields=endorsed)
    body = " ".join((body or "").split())
    if not body:
        raise ValidationError({"body": _("Name the body that endorsed it (e.g. JSC).")})
    if endorsed_on is None:
        raise ValidationError({"endorsed_on": _("Give the date it was endorsed.")})
    if endorsed_on > timezone.localdate():
        raise ValidationError({"endorsed_on": _("An endorsement cannot be in the future.")})
    if not term.agreed_at:
        raise ValidationError({"body": _("Agree the term's meaning before a body endorses it.")})
    term.endorsed_by_body, term.endorsed_reference, term.endorsed_on = (
        body[:150],
        (reference or "").strip()[:250],
        endorsed_on,
    )
    return save_update(TERM, term, before, actor=actor)


def _document_terms(agreement: Agreement):
    """The terms defined in the agreement's uploaded documents (texts, PDFs, Word files)."""
    from accord.core.files import open_stored

    from ..definitions import defined_terms
    from ..extraction import read_text

    for stored in agreement.documents.filter(kind__in=["txt", "pdf", "docx"]).order_by(
        "uploaded_at"
    ):
        try:
            with open_stored(stored) as handle:
                text = read_text(handle.read(), stored.kind)
        except Exception:  # a missing or unreadable file seeds nothing, the others still do
            log.warning("glossary seed: could not read stored file %s", stored.pk)
            continue
        yield from defined_terms(text)


@transaction.atomic
def glossary_seed_from_agreement(*, actor, alliance, agreement: Agreement | None = None):
    """Add the agreement's defined terms (those recorded in the register, then those read from
    its uploaded documents) that the glossary lacks. Returns the terms added; twice adds nothing."""
    _require_keeper(actor, alliance)
    agreements = alliance.agreements.all() if agreement is None else [agreement]
    if agreement is not None and agreement.alliance_id != alliance.pk:
        raise ValidationError({"agreement": _("This agreement belongs to another alliance.")})
    have = {
        t.lower()
        for t in GlossaryTerm.objects.filter(alliance=alliance).values_list("term", flat=True)
    }
    added = []
    for source in agreements:
        candidates = [
            (d.term, d.definition, d.section, d)
            for d in DefinedTerm.objects.filter(agreement=source).order_by("term")
        ]
        candidates += [(f.term, f.definition, f.section, None) for f in _document_terms(source)]
        for name, definition, section, defined in candidates:
            name = " ".join(name.split())[:150]
            if not name or name.lower() in have:
                continue
            have.add(name.lower())
            term = GlossaryTerm(
                alliance=alliance,
                term=name,
                contractual_definition=definition,
                agreement=source,
                section=(section or "")[:60],
                defined_term=defined,
            )
            _validate(term)
            term.save()
            audit.record_create(
                actor=actor,
                obj=term,
                fields=TERM_AUDIT,
                reason=_("Seeded from %(agreement)s") % {"agreement": source.title},
                **alliance_scope(term),
            )
            added.append(term)
    return added


def may_suggest_word(user, term: GlossaryTerm, company) -> bool:
    """Partner users suggest their own company's words; the keepers add any side's words."""
    if may_keep_glossary(user, term.alliance):
        return True
    return (
        user.is_authenticated
        and user.is_partner
        and company is not None
        and user.company_id == company.pk
        and term.alliance.partners.filter(pk=company.pk).exists()
        and GlossaryTerm.objects.visible_to(user).filter(pk=term.pk).exists()
    )


@transaction.atomic
def team_word_suggest(*, actor, term: GlossaryTerm, company, word: str, note: str = "") -> TeamWord:
    """A word a team uses for the term: agreed at once when the keepers add it, suggested when a
    partner user does (the keepers agree it)."""
    from accord.portfolio.models import Company

    if company is None:
        raise ValidationError({"company": _("Say whose teams use this word.")})
    parties = set(term.alliance.partners.values_list("pk", flat=True)) | set(
        Company.objects.filter(kind="own").values_list("pk", flat=True)
    )
    if company.pk not in parties:
        raise ValidationError({"company": _("Choose a company of this alliance.")})
    if not may_suggest_word(actor, term, company):
        raise PermissionDenied(_("You suggest the words of your own company's teams."))
    word = " ".join((word or "").split())
    if not word:
        raise ValidationError({"word": _("Give the word the team uses.")})
    if len(word) > 150:
        raise ValidationError({"word": _("Keep the word under 150 characters.")})
    if TeamWord.objects.filter(term=term, company=company, word__iexact=word).exists():
        raise ValidationError(
            {"word": _("This word is already listed for %(company)s.") % {"company": company}}
        )
    keeper = may_keep_glossary(actor, term.alliance)
    entry = TeamWord.objects.create(
        term=term,
        company=company,
        word=word,
        note=(note or "").strip()[:250],
        status=WordStatus.AGREED if keeper else WordStatus.SUGGESTED,
        suggested_by=actor,
        agreed_by=actor if keeper else None,
    )
    audit.record_create(actor=actor, obj=entry, fields=WORD_AUDIT, **alliance_scope(term))
    return entry


@transaction.atomic
def team_word_agree(*, actor, word: TeamWord) -> TeamWord:
    _require_keeper(actor, word.term.alliance)
    word = TeamWord.objects.select_for_update().select_related("term").get(pk=word.pk)
    before = audit.snapshot(word, ["status"])
    word.status, word.agreed_by = WordStatus.AGREED, actor
    word.save(update_fields=["status", "agreed_by"])
    audit.record_update(actor=actor, obj=word, before=before, **alliance_scope(word.term))
    return word


@transaction.atomic
def team_word_delete(*, actor, word: TeamWord, reason: str = "") -> None:
    _require_keeper(actor, word.term.alliance)
    audit.record_delete(
        actor=actor, obj=word, fields=WORD_AUDIT, reason=reason, **alliance_scope(word.term)
    )
    word.delete()
