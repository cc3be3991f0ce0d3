from django.urls import path

from . import views

app_name = "correspondence"

urlpatterns = [
    path(
        "alliances/<int:pk>/correspondence/",
        views.alliance_correspondence,
        name="alliance",
    ),
    path(
        "governance/meetings/<int:pk>/correspondence/",
        views.meeting_correspondence,
        name="meeting",
    ),
    path(
        "governance/issues/<int:pk>/correspondence/",
        views.issue_correspondence,
        name="issue",
    ),
    path("correspondence/review/", views.review, name="review"),
    path(
        "correspondence/addresses/<int:pk>/rotate/",
        views.mailbox_rotate,
        name="mailbox_rotate",
    ),
    path("correspondence/<int:pk>/", views.message_detail, name="message"),
    path(
        "correspondence/<int:pk>/file/",
        views.message_review,
        {"decision": "file"},
        name="message_file",
    ),
    path(
        "correspondence/<int:pk>/reject/",
        views.message_review,
        {"decision": "reject"},
        name="message_reject",
    ),
    path("correspondence/<int:pk>/link/", views.message_link, name="message_link"),
    path("correspondence/<int:pk>/action/", views.message_action, name="message_action"),
    path(
        "correspondence/<int:pk>/attachments/<int:attachment>/",
        views.attachment_download,
        name="attachment",
    ),
    path("correspondence/<int:pk>/original.eml", views.original_download, name="original"),
]
