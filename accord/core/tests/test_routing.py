from types import SimpleNamespace

from accord.core import routing


def view(request):
    raise AssertionError("not called")


def test_pages_lay_out_addresses_under_a_prefix_named_like_their_views():
    views = SimpleNamespace(week_done=view, week_snooze=view, note_pdf=view, note_list=view)
    patterns = [
        *routing.pages("w/<int:pk>/", views, "done", ("later", "snooze"), name="week"),
        *routing.pages("notes/", views, note_list="", note_pdf="<int:pk>/note.pdf"),
    ]
    assert [(str(p.pattern), p.name) for p in patterns] == [
        ("w/<int:pk>/done/", "week_done"),
        ("w/<int:pk>/later/", "week_snooze"),
        ("notes/", "note_list"),
        ("notes/<int:pk>/note.pdf", "note_pdf"),
    ]
