from accord.core import scoping
from accord.people.models import User


class PreferencesForm(scoping.ModelForm):
    class Meta:
        model = User
        fields = ["notify_by_email", "email_digest"]
