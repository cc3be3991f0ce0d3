"""The instrument builder: categories → themes → items, versioned once a wave uses them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accord.core.locales import translation_languages

from .. import access, actions
from ..models import Instrument, Item, ItemKind


@require_http_methods(["GET", "POST"])
def instrument_list(request):
    if not request.user.is_internal:
        raise PermissionDenied(_("Instruments are internal to our company."))
    status = 200
    if request.method == "POST":
        if not access.can_edit_instruments(request.user):
            raise PermissionDenied(
                _("Only alliance managers, leaders and admins edit instruments.")
            )
        try:
            instrument = actions.instrument_create(
                actor=request.user,
                data={
                    "name": request.POST.get("name", ""),
                    "description": request.POST.get("description", ""),
                },
            )
        except ValidationError as error:
            # The list is shown again with the problem: a refused form is a 400, not a 200.
            status = 400
            for message in error.messages:
                messages.error(request, message)
        else:
            return redirect(instrument)
    actions.instrument_install_default(actor=None)
    instruments = Instrument.objects.visible_to(request.user).order_by("family", "-number")
    return render(
        request,
        "health/instrument_list.html",
        {
            "instruments": instruments,
            "can_edit": access.can_edit_instruments(request.user),
        },
        status=status,
    )


def _translate_item(request, instrument):
    """The item's question in each shipped language, as typed (blank removes one); the scale's
    translated descriptions are kept."""
    item = Item.objects.filter(
        theme__category__instrument=instrument, pk=request.POST.get("item") or 0
    ).first()
    if item is None:
        raise ValidationError({"item": _("No such item in this instrument.")})
    translations = {}
    for code in translation_languages():
        texts = dict((item.translations or {}).get(code, {}))
        texts["text"] = request.POST.get(f"text_{code}", "").strip()
        translations[code] = {k: v for k, v in texts.items() if v}
    return actions.item_update(
        actor=request.user,
        instrument=instrument,
        item_id=item.pk,
        data={"translations": translations},
    )


@require_http_methods(["GET", "POST"])
def instrument_detail(request, pk):
    instrument = access.get_instrument_for_user(request.user, pk)
    if request.method == "POST":
        instrument = access.get_instrument_for_user(request.user, pk, write=True)
        op = request.POST.get("op")
        try:
            if op == "category":
                instrument, _unused = actions.category_add(
                    actor=request.user, instrument=instrument, name=request.POST.get("name", "")
                )
            elif op == "theme":
                instrument, _unused = actions.theme_add(
                    actor=request.user,
                    instrument=instrument,
                    category_id=request.POST.get("category") or 0,
                    name=request.POST.get("name", ""),
                )
            elif op == "item":
                anchors = {}
                for point in ("0", "50", "100"):
                    text = request.POST.get(f"anchor_{point}", "").strip()
                    if text:
                        anchors[point] = text
                instrument, _unused = actions.item_add(
                    actor=request.user,
                    instrument=instrument,
                    theme_id=request.POST.get("theme") or 0,
                    data={
                        "text": request.POST.get("text", ""),
                        "kind": request.POST.get("kind", ""),
                        "anchors": anchors,
                    },
                )
            elif op == "translate":
                instrument, _unused = _translate_item(request, instrument)
            elif op == "remove":
                instrument = actions.item_remove(
                    actor=request.user, instrument=instrument, item_id=request.POST.get("item") or 0
                )
            else:
                raise ValidationError({"op": _("Unknown change.")})
        except (ValidationError, ValueError) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
        else:
            if instrument.pk != pk:
                messages.success(
                    request,
                    _("The instrument is used by a wave, so your change made version %(number)s.")
                    % {"number": instrument.number},
                )
            else:
                messages.success(request, _("Instrument changed."))
        return redirect(instrument)
    is_newest = not Instrument.objects.filter(
        family=instrument.family, number__gt=instrument.number
    ).exists()
    return render(
        request,
        "health/instrument_detail.html",
        {
            "instrument": instrument,
            "categories": instrument.structure(),
            "can_edit": access.can_edit_instruments(request.user) and is_newest,
            "kinds": ItemKind.choices,
            "in_use": instrument.waves.count(),
        },
    )
