"""The fixed roles' group names and "is this user in one of these groups": the vocabulary the
permission rules (``cms.scopes``, ``cms.permissions``), the models and the data migrations'
callers share. ``cms.roles`` re-exports it beside the group and page-permission setup, which
reads the models; this module reads nothing of the project, so the rules that the models use
do not import that setup.
"""

EDITORS = "บรรณาธิการ กพร."
REVIEWERS = "ผู้ทบทวน กพร."
EXECUTIVES = "ผู้บริหาร"
PREPARERS = "ผู้เตรียมรับการตรวจประเมิน"
FIXED_ROLES = [EDITORS, REVIEWERS, EXECUTIVES, PREPARERS]
# Roles that read every unit's evidence, drafts included.
READ_ALL_EVIDENCE = [EDITORS, REVIEWERS, EXECUTIVES, PREPARERS]


def user_in(user, *group_names):
    if not user.is_authenticated:
        return False
    return user.groups.filter(name__in=group_names).exists()
