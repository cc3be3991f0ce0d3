from django import forms

from accord.people.models import User


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["notify_by_email", "email_digest"]
