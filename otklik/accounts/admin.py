from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from otklik.accounts.forms import AdminLoginForm
from otklik.accounts.models import AgentProfile, ApiToken, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "line", "is_default"]
    list_filter = ["line"]
    search_fields = ["name"]


class AgentProfileInline(admin.StackedInline):
    model = AgentProfile
    can_delete = False
    filter_horizontal = ["teams"]


class OtklikUserAdmin(UserAdmin):
    inlines = [AgentProfileInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), OtklikUserAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    search_fields = ["user__username", "name", "prefix"]


# The admin's sign-in counts wrong passwords and locks out like the desk's (otklik.accounts.forms).
admin.site.login_form = AdminLoginForm
