from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from otklik.accounts.services import agent_set_language


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, plus saving the choice on a signed-in person's profile
    (the profile wins over the cookie, so without this the switch would not stick)."""
    if request.user.is_authenticated:
        agent_set_language(user=request.user, language=request.POST.get("language", ""))  # type: ignore[arg-type]
    return set_language(request)
