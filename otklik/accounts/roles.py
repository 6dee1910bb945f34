"""Who may see what. Every entry point asks these functions, never checks roles itself."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from otklik.accounts.models import AgentProfile, Role

AnyUser = User | AnonymousUser


def role_of(user: AnyUser) -> str | None:
    if not user.is_authenticated:
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    try:
        profile: AgentProfile = user.agent_profile  # type: ignore[union-attr]
    except AgentProfile.DoesNotExist:
        return Role.ADMIN if getattr(user, "is_staff", False) else None
    return profile.role


def sees_all_tickets(user: AnyUser) -> bool:
    return role_of(user) in {Role.SUPERVISOR, Role.ADMIN}


def can_work_in_desk(user: AnyUser) -> bool:
    return role_of(user) is not None


def team_ids_of(user: AnyUser) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(user.agent_profile.teams.values_list("id", flat=True))  # type: ignore[union-attr]


def works_on_team(user: AnyUser, team_id: int | None) -> bool:
    """Supervisors and admins work on every team; an agent on the teams they belong to."""
    if sees_all_tickets(user):
        return True
    return team_id is not None and team_id in team_ids_of(user)
