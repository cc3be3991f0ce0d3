"""The alliance glossary's words for core's `glossary` template tag (registered in apps.py):
each term with its meaning, and each agreed team word pointing at its term's meaning."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import GlossaryTerm, TeamWord, WordStatus


def words_for(alliance, user) -> list[tuple[str, str]]:
    """Two queries per alliance and reader (the tag keeps the answer for the request)."""
    alliance_id = getattr(alliance, "pk", alliance)
    terms = list(
        GlossaryTerm.objects.visible_to(user)
        .filter(alliance_id=alliance_id)
        .only("pk", "term", "meaning", "contractual_definition")
    )
    if not terms:
        return []
    by_pk = {t.pk: t for t in terms}
    words = [(t.term, t.shown_meaning()) for t in terms]
    for entry in TeamWord.objects.filter(term_id__in=by_pk, status=WordStatus.AGREED).only(
        "term_id", "word"
    ):
        term = by_pk[entry.term_id]
        words.append(
            (
                entry.word,
                _("%(word)s — their word for %(term)s: %(meaning)s")
                % {"word": entry.word, "term": term.term, "meaning": term.shown_meaning()},
            )
        )
    return words
