"""``make bench``: Otklik against django-helpdesk on SQLite and PostgreSQL, same run, same machine."""
