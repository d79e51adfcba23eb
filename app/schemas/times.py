"""Timestamps in answers: always with their UTC offset, on every database.

They are stored in UTC; PostgreSQL gives them back with their zone, SQLite without it. The
answer is the same on both: ISO 8601 with "+00:00".
"""

from datetime import datetime
from typing import Any

from marshmallow import fields

from app.models.base import as_utc


class UtcDateTime(fields.DateTime):
    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if isinstance(value, datetime):
            value = as_utc(value)
        return super()._serialize(value, attr, obj, **kwargs)
