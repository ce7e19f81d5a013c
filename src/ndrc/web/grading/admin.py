from django.contrib import admin

from ndrc.web.audit.admin import ReadOnlyAdmin
from ndrc.web.grading.models import ExaminerAssignment

admin.site.register(ExaminerAssignment, ReadOnlyAdmin)
