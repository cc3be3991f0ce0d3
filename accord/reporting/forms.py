from django import forms

from .models import Section


class AnnotationForm(forms.Form):
    section = forms.ChoiceField(choices=Section.choices)
    alliance = forms.IntegerField(required=False, help_text="Empty: a note on the whole week.")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )


class GenerateForm(forms.Form):
    week_start = forms.DateField(help_text="The Monday the week began.")


class UploadForm(forms.Form):
    file = forms.FileField(help_text="Your tracker as Excel (.xlsx) or CSV, one alliance a row.")


class MappingForm(forms.Form):
    """One choice per Accord field: which column of the tracker holds it."""

    def __init__(self, *args, headers=(), **kwargs):
        from .tracker import FIELDS

        super().__init__(*args, **kwargs)
        choices = [("", "— not imported —"), *[(h, h) for h in headers if h]]
        for field in FIELDS:
            self.fields[field.key] = forms.ChoiceField(
                label=field.label, choices=choices, required=field.required
            )
