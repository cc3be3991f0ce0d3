from django.urls import path

from . import chat_views, views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/read/", views.mark_read, name="mark_read"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("alliances/<int:pk>/chat/", chat_views.alliance_channels, name="alliance_chat"),
    path("chat/", chat_views.portfolio_channels, name="portfolio_chat"),
    path("chat/<int:pk>/", chat_views.channel_edit, name="chat_edit"),
    path("chat/<int:pk>/delete/", chat_views.channel_delete, name="chat_delete"),
    path("chat/<int:pk>/test/", chat_views.channel_test, name="chat_test"),
]
