"""Drop four single-column foreign-key indexes that a composite index already starts with.

Each index is one more b-tree every new ticket, message and event writes. The database side is a
plain DROP INDEX (the names are Django's, the same on SQLite and PostgreSQL), because an AlterField
on SQLite copies the whole table to change an index.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (index, table, column) as 0001_initial created them.
COVERED = [
    ("desk_event_ticket_id_9ecee40b", "desk_event", "ticket_id"),
    ("desk_message_ticket_id_2fbacc05", "desk_message", "ticket_id"),
    ("desk_ticket_assignee_id_2ceb07a1", "desk_ticket", "assignee_id"),
    ("desk_ticket_team_id_e3f4b4e5", "desk_ticket", "team_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("desk", "0002_ticket_classification"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{index}"',
                    reverse_sql=f'CREATE INDEX "{index}" ON "{table}" ("{column}")',
                )
                for index, table, column in COVERED
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="ticket",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="desk.ticket",
                    ),
                ),
                migrations.AlterField(
                    model_name="message",
                    name="ticket",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="desk.ticket",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="assignee",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="assigned_tickets",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assignee",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="team",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="accounts.team",
                    ),
                ),
            ],
        ),
    ]
