from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("people/", views.people_list, name="people_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("settings/", views.account_settings, name="account_settings"),
    path("settings/tokens/", views.token_list, name="token_list"),
    path("reauthenticate/sso/", views.sso_reauthenticate, name="sso_reauthenticate"),
    path("settings/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
