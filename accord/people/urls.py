from accord.core.routing import pages

from . import views

app_name = "people"

urlpatterns = [
    *pages("people/", views, people_list="", person_detail="<int:pk>"),
    *pages("settings/", views, account_settings="", token_list="tokens"),
    *pages("reauthenticate/", views, sso_reauthenticate="sso"),
    *pages("settings/tokens/<int:pk>/", views, token_revoke="revoke"),
]
