"""``isolated(fn)``: run one try of a matrix inside a savepoint rolled back afterwards, so that a
matrix builds its objects once and every role's try starts from the same database."""
from django.db import transaction


def isolated(fn):
    """Run ``fn`` and roll its database changes back (one role's POSTs don't meet the next's)."""
    with transaction.atomic():
        result = fn()
        transaction.set_rollback(True)
    return result
