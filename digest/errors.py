"""The few exceptions the CLI turns into messages and exit codes."""


class DigestError(Exception):
    """Base class: an error with a message meant for the user."""

    exit_code = 1


class ConfigError(DigestError):
    """One or more configuration values are wrong; the message lists them all."""

    exit_code = 2


class LockedError(DigestError):
    """Another digest process holds the output folder."""

    exit_code = 3
