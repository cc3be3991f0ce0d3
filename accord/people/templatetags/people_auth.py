from django import template

from .. import reauth

register = template.Library()


@register.inclusion_tag("people/_sso_reauth.html", takes_context=True)
def sso_reauth(context, next_url: str):
    """Signing without a password: sign in again at the identity provider (accord.people.reauth)."""
    request = context["request"]
    app = reauth.sso_app(request)
    at = reauth.reauthenticated_at(request, request.user) if app else None
    return {
        "app": app,
        "fresh": reauth.is_fresh(at),
        "next_url": next_url,
        "csrf_token": context.get("csrf_token"),
    }
