"""Email in and out: parsing RFC 5322 messages into appeals."""
