"""JSON-lines serialisation for backups: rows keep their primary keys and point at other
rows by id, except content types and permissions, which point by natural key because a
freshly migrated target numbers them in its own order.

(Plain ``--natural-foreign`` would also turn every foreign key to a page into Wagtail's page
natural key and fail on the log entries of deleted pages, whose ``page`` is deliberately
left dangling.)"""
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers import jsonl

NATURAL = (ContentType, Permission)


class Serializer(jsonl.Serializer):
    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, NATURAL)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, NATURAL)
        super().handle_m2m_field(obj, field)


Deserializer = jsonl.Deserializer
