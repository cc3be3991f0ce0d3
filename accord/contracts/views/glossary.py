"""The alliance glossary: its tab (both sides read it), a term's page, and the keepers' and
the partner's writes; exports to Excel and PDF for onboarding."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core import documents
from accord.core.exports import xlsx_response
from accord.core.forms import add_errors
from accord.core.generic import Entity, attempt_on, calling, detail_view
from accord.core.models import AuditEvent
from accord.portfolio.access import get_alliance_for_user

from .. import access, actions
from ..actions.glossary import may_keep_glossary
from ..forms import (
    GlossaryEndorseForm,
    GlossarySeedForm,
    GlossaryTermForm,
    ReasonForm,
    TeamWordForm,
)
from ..models import GlossaryTerm, TeamWord, WordStatus
from .register import _form_page, register_edit


def terms_of(alliance, user):
    """The alliance's glossary as `user` reads it, with each term's team words (2 queries)."""
    return (
        GlossaryTerm.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("agreed_by")
        .prefetch_related(
            Prefetch("team_words", queryset=TeamWord.objects.select_related("company"))
        )
        .order_by("term")
    )


@require_GET
def alliance_glossary(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    keeper = may_keep_glossary(request.user, alliance)
    return render(
        request,
        "contracts/alliance_glossary.html",
        {
            "alliance": alliance,
            "terms": terms_of(alliance, request.user),
            "keeper": keeper,
            "internal": request.user.is_internal,
            "seed_form": GlossarySeedForm(alliance=alliance, user=request.user) if keeper else None,
        },
    )


@require_http_methods(["GET", "POST"])
def glossary_term_create(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    if not may_keep_glossary(request.user, alliance):
        raise PermissionDenied(_("The glossary is kept by the people who run the alliance."))
    form = GlossaryTermForm(request.POST or None, alliance=alliance, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            term = actions.glossary_term_create(
                actor=request.user, alliance=alliance, data=form.action_data()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("“%(term)s” added to the glossary.") % {"term": term})
            return redirect(term)
    return _form_page(
        request,
        "contracts/entry_form.html",
        {"alliance": alliance, "what": _("glossary term")},
        form,
    )


@require_POST
def glossary_seed(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    if not may_keep_glossary(request.user, alliance):
        raise PermissionDenied(_("The glossary is kept by the people who run the alliance."))
    form = GlossarySeedForm(request.POST, alliance=alliance, user=request.user)
    if form.is_valid():
        try:
            added = actions.glossary_seed_from_agreement(
                actor=request.user, alliance=alliance, agreement=form.cleaned_data["agreement"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(n)s defined terms added from the agreement.") % {"n": len(added)}
                if added
                else _("The glossary already has every term the agreement defines."),
            )
            return redirect("contracts:alliance_glossary", pk=alliance.pk)
    return render(
        request,
        "contracts/alliance_glossary.html",
        {
            "alliance": alliance,
            "terms": terms_of(alliance, request.user),
            "keeper": True,
            "internal": True,
            "seed_form": form,
        },
        status=400,
    )


HEADERS = [
    gettext_lazy("Term"),
    gettext_lazy("Agreed meaning"),
    gettext_lazy("Contractual definition"),
    gettext_lazy("Clause"),
    gettext_lazy("Translations"),
    gettext_lazy("Words the teams use"),
    gettext_lazy("Agreed by"),
    gettext_lazy("Agreed at (UTC)"),
    gettext_lazy("Endorsed by"),
    gettext_lazy("Endorsed on"),
]


def _rows(terms, internal):
    for t in terms:
        words = "; ".join(
            f"{w.company.name}: {w.word}"
            for w in t.team_words.all()
            if w.status == WordStatus.AGREED
        )
        translations = "; ".join(f"{code}: {text}" for code, text in (t.translations or {}).items())
        yield [
            t.term,
            t.meaning,
            t.contractual_definition,
            t.section,
            translations,
            words,
            str(t.agreed_by) if t.agreed_by_id else "",
            t.agreed_at.strftime("%Y-%m-%d %H:%M") if t.agreed_at else "",
            " ".join(filter(None, [t.endorsed_by_body, t.endorsed_reference])),
            t.endorsed_on.isoformat() if t.endorsed_on else "",
        ]


@require_GET
def glossary_export_xlsx(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    terms = terms_of(alliance, request.user)
    return xlsx_response(
        f"glossary-{alliance.pk}.xlsx",
        _("Glossary"),
        HEADERS,
        _rows(terms, request.user.is_internal),
    )


@require_GET
def glossary_export_pdf(request, pk):
    alliance = get_alliance_for_user(request.user, pk)
    document = documents.Document(
        title=_("Glossary: %(alliance)s") % {"alliance": alliance.name},
        subtitle=_("The common language of the alliance, for onboarding both partners' teams."),
    )
    for row in _rows(terms_of(alliance, request.user), request.user.is_internal):
        term, meaning, definition, section, translations, words, agreed_by, agreed_at = row[:8]
        endorsed, endorsed_on = row[8:]
        document.heading(term, level=2)
        document.paragraph(meaning or _("No agreed meaning yet."), muted=not meaning)
        facts = []
        if definition:
            facts.append(_("Contract: %(d)s %(s)s") % {"d": definition, "s": section})
        if translations:
            facts.append(_("Translations: %(t)s") % {"t": translations})
        if words:
            facts.append(_("Words the teams use: %(w)s") % {"w": words})
        if agreed_by:
            facts.append(
                _("Agreed by %(who)s on %(when)s UTC") % {"who": agreed_by, "when": agreed_at}
            )
        if endorsed:
            facts.append(
                _("Endorsed by %(body)s on %(on)s") % {"body": endorsed, "on": endorsed_on}
            )
        if facts:
            document.bullets(facts)
    if not document.blocks:
        document.paragraph(_("The glossary has no terms yet."))
    return documents.response(document, "pdf", f"glossary-{alliance.pk}")


def _term_page(request, term, forms=None, status=200):
    user = request.user
    forms = forms or {}
    keeper = may_keep_glossary(user, term.alliance)
    words = term.team_words.select_related("company", "suggested_by").order_by(
        "company__name", "word"
    )
    word_form = forms.get("word") or TeamWordForm(term=term, user=user)
    return render(
        request,
        "contracts/glossary_term.html",
        {
            "alliance": term.alliance,
            "term": term,
            "words": words,
            "keeper": keeper,
            "internal": user.is_internal,
            "word_form": word_form if word_form.fields["company"].queryset.exists() else None,
            "endorse_form": forms.get("endorse") or GlossaryEndorseForm(),
            "delete_form": forms.get("delete") or ReasonForm(),
            "agree_errors": forms.get("agree_errors", []),
            "history": AuditEvent.objects.for_object(term).visible_to(user)[:20]
            if user.is_internal
            else [],
        },
        status=status,
    )


glossary_term = detail_view(access.get_glossary_term_for_user, _term_page)


GLOSSARY_TERM = Entity(
    "term",
    GlossaryTermForm,
    access,
    actions,
    prefix="glossary_term",
    label=gettext_lazy("glossary term"),
)


@require_http_methods(["GET", "POST"])
def glossary_term_edit(request, pk):
    term = GLOSSARY_TERM.get(request.user, pk, write=True)
    return register_edit(request, GLOSSARY_TERM, term, success=_("Glossary term saved."))


@require_POST
def glossary_term_delete(request, pk):
    term = access.get_glossary_term_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        actions.glossary_term_delete(
            actor=request.user, term=term, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("“%(term)s” removed from the glossary.") % {"term": term})
        return redirect("contracts:alliance_glossary", pk=term.alliance_id)
    return _term_page(request, term, {"delete": form}, status=400)


@require_POST
def glossary_term_agree(request, pk):
    term = access.get_glossary_term_for_user(request.user, pk, write=True)
    try:
        actions.glossary_term_agree(actor=request.user, term=term)
    except ValidationError as error:
        return _term_page(request, term, {"agree_errors": error.messages}, status=400)
    messages.success(request, _("Recorded as agreed."))
    return redirect(term)


@require_POST
def glossary_term_endorse(request, pk):
    term = access.get_glossary_term_for_user(request.user, pk, write=True)
    form = GlossaryEndorseForm(request.POST)
    do = calling(
        actions.glossary_term_endorse,
        "body",
        "endorsed_on",
        "reference",
        actor=request.user,
        term=term,
    )
    return attempt_on(request, _term_page, term, "endorse", form, do, _("Endorsement recorded."))


@require_POST
def team_word_suggest(request, pk):
    term = access.get_glossary_term_for_user(request.user, pk)
    form = TeamWordForm(request.POST, term=term, user=request.user)
    if not form.fields["company"].queryset.exists():
        raise PermissionDenied(_("You suggest the words of your own company's teams."))
    do = calling(
        actions.team_word_suggest, "company", "word", "note", actor=request.user, term=term
    )
    return attempt_on(request, _term_page, term, "word", form, do, _("Word recorded."))


@require_POST
def team_word_agree(request, pk):
    word = access.get_team_word_for_user(request.user, pk, write=True)
    actions.team_word_agree(actor=request.user, word=word)
    messages.success(request, _("Word agreed."))
    return redirect(word.term)


@require_POST
def team_word_delete(request, pk):
    word = access.get_team_word_for_user(request.user, pk, write=True)
    actions.team_word_delete(actor=request.user, word=word)
    messages.success(request, _("Word removed."))
    return redirect(word.term)
