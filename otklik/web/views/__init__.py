"""Desk pages, one module per page."""

from otklik.web.views.language import switch_language
from otklik.web.views.ticket_list import ticket_list
from otklik.web.views.ticket_page import attachment_download, message_images, ticket_action, ticket_detail

__all__ = ["attachment_download", "message_images", "switch_language", "ticket_action", "ticket_detail", "ticket_list"]
