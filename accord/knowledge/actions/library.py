from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import assign
from accord.core.files import store_upload
from accord.core.versioning import lock

from ..models import DocumentTemplate, TemplateUse, TemplateVersion

TEMPLATE_FIELDS = ["name", "kind", "description", "is_active"]


@transaction.atomic
def template_create(*, actor, data: dict, upload, notes: str = "") -> DocumentTemplate:
    """A new library document with its first version."""
    template = DocumentTemplate()
    assign(template, data, TEMPLATE_FIELDS)
    template.full_clean()
    template.save()
    audit.record_create(actor=actor, obj=template, fields=TEMPLATE_FIELDS)
    template_version_add(
        actor=actor, template=template, upload=upload, notes=notes or "First issue."
    )
    return template


@transaction.atomic
def template_version_add(*, actor, template: DocumentTemplate, upload, notes: str = ""):
    """Issue a new version. Alliances keep the version they use until they adopt the new one."""
    template = lock(DocumentTemplate, template.pk)
    if upload is None:
        raise ValidationError({"file": _("Choose the file of the new version.")})
    stored = store_upload(actor=actor, upload=upload)
    if stored.kind not in ("docx", "pdf", "xlsx"):
        raise ValidationError({"file": _("A template is a Word, PDF or Excel document.")})
    number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = TemplateVersion(
        template=template,
        number=number,
        file=stored,
        notes=(notes or "").strip(),
        uploaded_by=actor,
    )
    version.full_clean()
    version.save()
    audit.record_create(actor=actor, obj=version, fields=["template", "number", "notes"])
    return version


@transaction.atomic
def template_adopt(*, actor, alliance, template: DocumentTemplate, version=None) -> TemplateUse:
    """The alliance uses this version of the template (its current one unless given)."""
    version = version or template.versions.order_by("-number").first()
    if version is None:
        raise ValidationError(
            {"version": _("%(template)s has no version to use yet.") % {"template": template}}
        )
    if version.template_id != template.pk:
        raise ValidationError(
            {
                "version": _("That version is not a version of %(template)s.")
                % {"template": template}
            }
        )
    use = (
        TemplateUse.objects.select_for_update().filter(alliance=alliance, template=template).first()
    )
    if use is None:
        use = TemplateUse(alliance=alliance, template=template, version=version, adopted_by=actor)
        use.full_clean()
        use.save()
        audit.record_create(
            actor=actor, obj=use, fields=["template", "version"], alliance_id=alliance.pk
        )
        return use
    before = audit.snapshot(use, ["version"])
    use.version = version
    use.adopted_by = actor
    use.adopted_at = timezone.now()
    use.save()
    audit.record_update(actor=actor, obj=use, before=before, alliance_id=alliance.pk)
    return use


@transaction.atomic
def template_use_remove(*, actor, use: TemplateUse) -> None:
    use = lock(TemplateUse, use.pk)
    audit.record_delete(
        actor=actor, obj=use, fields=["template", "version"], alliance_id=use.alliance_id
    )
    use.delete()
