from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from accord.core.admin import AuditedModelAdmin

from . import pack_actions
from .models import PackTemplate


class PackTemplateForm(forms.ModelForm):
    upload = forms.FileField(
        label="PowerPoint template (.pptx)",
        help_text=(
            "Needs a title slide, a section header, a title and content, a two content and a "
            "title only layout. Accord fills them by placeholder type."
        ),
    )

    class Meta:
        model = PackTemplate
        fields = ["name"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload is not None:
            try:
                pack_actions.check_template(upload.read())
            except ValidationError as error:
                self.add_error("upload", error.message_dict.get("file", error.messages))
            upload.seek(0)
        return cleaned


@admin.register(PackTemplate)
class PackTemplateAdmin(AuditedModelAdmin):
    """The company's own template for the executive pack: uploading one makes it the one used."""

    list_display = ["name", "active", "uploaded_by", "uploaded_at"]
    readonly_fields = ["active", "uploaded_by", "uploaded_at"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            kwargs["form"] = forms.ModelForm
            kwargs["fields"] = ["name"]
            return super().get_form(request, obj, **kwargs)
        kwargs["form"] = PackTemplateForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["name"] if obj is not None else ["name", "upload"]

    def has_add_permission(self, request):
        return pack_actions.can_manage_templates(request.user)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        saved = pack_actions.template_upload(
            actor=request.user, name=form.cleaned_data["name"], upload=form.cleaned_data["upload"]
        )
        obj.pk, obj.file_id = saved.pk, saved.file_id
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # A new template's trail is written by its action (template_upload); a rename's here.
        if change:
            super().save_related(request, form, formsets, change)
