"""What the staffing views share: turning a model's error into a form error on the right field."""

from __future__ import annotations

from django import forms

from otklik.workforce.errors import WorkforceError

# The models name fields as the CLI does; a few appear under another name on the page.
PAGE_NAMES = {"interval": "interval", "aht": "aht"}


def attach_error(form: forms.Form, exc: WorkforceError, aliases: dict[str, str] | None = None) -> None:
    """Show the model's message beside the field it names, or above the form if the page lacks it."""
    name = (aliases or {}).get(exc.field or "", exc.field)
    form.add_error(name if name in form.fields else None, exc.message)
