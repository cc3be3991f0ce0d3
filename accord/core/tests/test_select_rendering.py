"""Drop-downs rendered by accord.core.forms.render_select are byte for byte what Django's own
widget templates give, whatever the choices, groups, selection, attributes and language."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accord.core.forms import FormRenderer

DJANGO = DjangoTemplates()
OURS = FormRenderer()

CHOICES = [
    ("", "---------"),
    ("a", "Plain"),
    ("b&c", 'Quotes " and <tags> & ampersands'),
    (3, _("Open")),
    (
        _("A group"),
        [("g1", "In a group"), ("g2", _("Done"))],
    ),
    ("d", 1234),
]


WIDGETS = [
    forms.Select(choices=CHOICES),
    forms.Select(choices=CHOICES, attrs={"required": True, "disabled": False, "class": "x&y"}),
    forms.SelectMultiple(choices=CHOICES, attrs={"data-typeahead": "/people/?q="}),
    forms.NullBooleanSelect(),
    forms.Select(choices=[]),
]
VALUES = [None, "", "a", "b&c", 3, "3", "g2", ["a", "g1"], True, "unknown"]


@pytest.mark.parametrize("language", ["en-gb", "de", "ja"])
@pytest.mark.parametrize("index", range(len(WIDGETS)))
def test_every_drop_down_is_what_django_renders(index, language):
    widget = WIDGETS[index]
    with translation.override(language):
        for value in VALUES:
            attrs = {"id": "id_field", "aria-describedby": "help"}
            try:
                django = widget.render("field", value, attrs=attrs, renderer=DJANGO)
            except TypeError:  # a list for a yes/no choice: Django's widget itself refuses it
                with pytest.raises(TypeError):
                    widget.render("field", value, attrs=attrs, renderer=OURS)
                continue
            ours = widget.render("field", value, attrs=attrs, renderer=OURS)
            assert ours == django, (widget, value)
            assert "<option" in ours or not widget.choices


@pytest.mark.django_db
def test_a_person_picker_is_what_django_renders(world):
    from accord.health.forms import ActionForm

    form = ActionForm(alliance=world.alliance_a)
    form.user = world.persona("leader")
    field = form["owner"]
    assert len(field.field.choices) > 3
    ours = field.as_widget()
    form.renderer = DJANGO
    assert form["owner"].as_widget() == ours
    assert ours.count("<option") == len(field.field.choices)


def test_an_option_with_its_own_template_is_left_to_django():
    class Fancy(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    widget = Fancy(choices=[("a", "A")])
    assert widget.render("f", "a", renderer=OURS) == widget.render("f", "a", renderer=DJANGO)
