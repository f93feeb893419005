from django import template

from dashboard.workflow_warning import warning_html

register = template.Library()


@register.simple_tag
def public_files_warning(obj, task_state, action):
    return warning_html(obj, task_state, action)
