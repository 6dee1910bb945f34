"""Test clients as the desk's users see it: a signed-in browser session, and the JSON API with a token."""

from __future__ import annotations

from typing import Any

from django.test import Client

from otklik.accounts.services import api_token_issue


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


class ApiClient:
    """The JSON API as a client sees it: bearer token, JSON in and out."""

    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.token = api_token_issue(user=user)
        self.headers = {"Authorization": f"Bearer {self.token}"}

    def _call(self, method: str, path: str, data: Any = None, **kwargs: Any) -> Any:
        func = getattr(self.client, method)
        if data is not None and method != "get":
            kwargs.setdefault("content_type", "application/json")
        return func(f"/api/v1{path}", data=data, headers=self.headers, **kwargs)

    def get(self, path: str, params: Any = None) -> Any:
        return self._call("get", path, params)

    def post(self, path: str, data: Any = None, **kwargs: Any) -> Any:
        return self._call("post", path, data if data is not None else {}, **kwargs)

    def patch(self, path: str, data: Any) -> Any:
        return self._call("patch", path, data)
