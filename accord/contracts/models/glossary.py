"""The alliance glossary: the common language with shared meaning both partners' teams use."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, VersionedModel
from accord.core.visibility import VisibleQuerySet
from accord.portfolio.models import Alliance, Company

from .agreements import Agreement, DefinedTerm

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
MAX_TRANSLATION = 500


def validate_translations(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("Give the translations as language code → text."))
    for code, text in value.items():
        if not isinstance(code, str) or not LANGUAGE_CODE.match(code):
            raise ValidationError(
                _("“%(code)s” is not a language code (e.g. ja, zh-Hans, ko, de).") % {"code": code}
            )
        if not isinstance(text, str) or not text.strip():
            raise ValidationError(_("The %(code)s translation is empty.") % {"code": code})
        if len(text) > MAX_TRANSLATION:
            raise ValidationError(
                _("The %(code)s translation is longer than %(n)s characters.")
                % {"code": code, "n": MAX_TRANSLATION}
            )


class GlossaryQuerySet(VisibleQuerySet):
    # Both sides of the alliance read its glossary (it is the shared language).
    visibility = dict(alliance="alliance")

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(term__icontains=text)
            | Q(meaning__icontains=text)
            | Q(contractual_definition__icontains=text)
            | Q(team_words__word__icontains=text)
        ).distinct()


class GlossaryTerm(VersionedModel, Linked):
    """A term of an alliance's common language: the contract's definition, the meaning both
    sides agreed in plain words, its agreed translations and the words each team uses for it."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField(_("term"), max_length=150)
    contractual_definition = models.TextField(_("contractual definition"), blank=True)
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("agreement"),
    )
    section = models.CharField(
        _("clause"), max_length=60, blank=True, help_text=_("Where the agreement defines it.")
    )
    defined_term = models.ForeignKey(
        DefinedTerm,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    meaning = models.TextField(
        _("agreed meaning"),
        blank=True,
        help_text=_("What it means, in plain words both sides use."),
    )
    translations = models.JSONField(
        _("agreed translations"), default=dict, blank=True, validators=[validate_translations]
    )
    agreed_by = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    agreed_at = models.DateTimeField(null=True, blank=True, editable=False)
    endorsed_by_body = models.CharField(max_length=150, blank=True, editable=False)
    endorsed_reference = models.CharField(max_length=250, blank=True, editable=False)
    endorsed_on = models.DateField(null=True, blank=True, editable=False)

    objects = GlossaryQuerySet.as_manager()

    detail_url = "contracts:glossary_term"

    class Meta:
        ordering = ["alliance", Lower("term")]
        constraints = [
            models.UniqueConstraint("alliance", Lower("term"), name="glossary_term_unique"),
        ]

    def __str__(self) -> str:
        return self.term

    def validate_constraints(self, exclude=None):
        if self.alliance_id and self.term:
            clash = GlossaryTerm.objects.filter(
                alliance_id=self.alliance_id, term__iexact=self.term
            )
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"term": _("The glossary already has “%(term)s”.") % {"term": self.term}}
                )
        super().validate_constraints(exclude=exclude)

    def clean(self):
        super().clean()
        self.term = " ".join((self.term or "").split())
        if not self.term:
            raise ValidationError({"term": _("Give the term.")})

    def shown_meaning(self) -> str:
        return self.meaning or self.contractual_definition


class WordStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    AGREED = "agreed", _("Agreed")


class TeamWord(models.Model):
    """A word one partner's teams actually use for a glossary term ("call" for a detail)."""

    term = models.ForeignKey(GlossaryTerm, on_delete=models.CASCADE, related_name="team_words")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(_("word"), max_length=150)
    note = models.CharField(_("note"), max_length=250, blank=True)
    status = models.CharField(
        max_length=10, choices=WordStatus.choices, default=WordStatus.SUGGESTED
    )
    suggested_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    suggested_at = models.DateTimeField(default=timezone.now)
    agreed_by = models.ForeignKey(
        "people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["company__name", Lower("word")]
        constraints = [
            models.UniqueConstraint(
                "term", "company", Lower("word"), name="glossary_team_word_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.word

    @property
    def alliance_id(self):
        return self.term.alliance_id
