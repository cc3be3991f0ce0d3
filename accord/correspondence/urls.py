from django.urls import path

from . import views

app_name = "correspondence"

MESSAGE = "correspondence/<int:pk>/"

urlpatterns = [
    path("alliances/<int:pk>/correspondence/", views.alliance_correspondence, name="alliance"),
    path(
        "governance/meetings/<int:pk>/correspondence/", views.meeting_correspondence, name="meeting"
    ),
    path("governance/issues/<int:pk>/correspondence/", views.issue_correspondence, name="issue"),
    path("correspondence/review/", views.review, name="review"),
    path("correspondence/addresses/<int:pk>/rotate/", views.mailbox_rotate, name="mailbox_rotate"),
    path(MESSAGE, views.message_detail, name="message"),
    path(f"{MESSAGE}file/", views.message_review, {"decision": "file"}, name="message_file"),
    path(f"{MESSAGE}reject/", views.message_review, {"decision": "reject"}, name="message_reject"),
    path(f"{MESSAGE}link/", views.message_link, name="message_link"),
    path(f"{MESSAGE}action/", views.message_action, name="message_action"),
    path(f"{MESSAGE}attachments/<int:attachment>/", views.attachment_download, name="attachment"),
    path(f"{MESSAGE}original.eml", views.original_download, name="original"),
]
