"""What a page or an email must say in a shipped language, read from its catalog: tests hold
whatever the translators write, but fail if the words stay English."""

from django.utils import translation


def said(language: str, message: str, **values) -> str:
    with translation.override(language):
        text = translation.gettext(message)
    assert text != message, f"{message!r} is not translated into {language}"
    return text % values if values else text
