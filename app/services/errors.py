"""Domain errors carry a message per field so every interface can show them the same way."""


class DomainError(Exception):
    """Input the ledger refuses. `status` is the HTTP status the API answers with."""

    status = 422

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_fields(self) -> dict[str, list[str]]:
        return {self.field or "_schema": [self.message]}


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class TooLarge(DomainError):
    """Input whose size alone is refused (e.g. what an uploaded archive unpacks to)."""

    status = 413


class Unauthenticated(DomainError):
    """No valid login or token."""

    status = 401


class Forbidden(DomainError):
    """Logged in, but the role does not allow this."""

    status = 403
