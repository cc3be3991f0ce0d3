from django.shortcuts import get_object_or_404

from .models import ApiToken, User


def get_person_for_user(user, pk) -> User:
    return get_object_or_404(User.objects.visible_to(user).select_related("company"), pk=pk)


def get_token_for_user(user, pk) -> ApiToken:
    """A person manages only their own tokens."""
    return get_object_or_404(ApiToken, user=user, pk=pk)
