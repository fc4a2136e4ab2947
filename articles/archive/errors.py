"""The one error an archive check raises: it names the record and the field of the problem."""


class ArchiveError(Exception):
    """A bad archive or record; the message names the record and the field."""

    def __init__(self, where: str, field_name: str | None, message: str):
        self.where, self.field, self.message = where, field_name, message
        super().__init__(f"{where}, field “{field_name}”: {message}" if field_name else f"{where}: {message}")
