"""Errors a user can cause, each with a one-line message that says what to do."""


class CQNewsError(Exception):
    """Base class: the message is shown to the user as is."""


class ConfigError(CQNewsError):
    """A setting is wrong (unknown embedder, missing token, bad URL)."""


class IndexUnavailable(CQNewsError):
    """The index is missing, corrupt or was built with another embedder."""


class IndexCorrupt(IndexUnavailable):
    """The index's files are unreadable: the one cause `ingest --rebuild` sets the index aside for."""


class DiskFull(IndexUnavailable):
    """No space left where the index is written; nothing is moved, the command can be run again."""


class IndexLocked(IndexUnavailable):
    """Another process holds the index's database; trying again later works."""


class ChromaUnreachable(IndexUnavailable):
    """The Chroma server (CHROMA_HOST:CHROMA_PORT) does not answer."""


class EmptyQuestion(CQNewsError, ValueError):
    """The question is empty after trimming."""


class InputError(CQNewsError, ValueError):
    """A file or folder given to ingest is missing or of a type that cannot be ingested."""
