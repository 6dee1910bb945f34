"""The Content-Security-Policy header on every response.

Our own few lines rather than the django-csp package: the policy is one fixed string from settings
(no page needs a nonce, since no template has inline script or style), and Django 6 brings a built-in
header that this will give way to; a dependency with its own settings format would be more to move.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Django's debug error pages style themselves inline; under the policy they would be unreadable.
        if settings.DEBUG and response.status_code >= 400:
            return response
        policy: str = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
