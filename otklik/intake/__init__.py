"""Channels: how appeals arrive (email, forms, chat, messengers) and how answers leave."""
