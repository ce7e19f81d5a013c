from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ndrc.web.accounts.models import User


@admin.register(User)
class NdrcUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Rôle", {"fields": ("role", "academy", "establishment")}))
    list_display = ("username", "first_name", "last_name", "role", "academy", "establishment")
    list_filter = ("role", "academy")
