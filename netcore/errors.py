"""Exceptions with one-line messages meant to be shown to the user as they are."""


class NetcoreError(Exception):
    """Base class: the CLI prints ``str(err)`` and exits non-zero."""


class DataError(NetcoreError):
    """MNIST files missing, malformed, truncated or failing a checksum."""


class BundleError(NetcoreError):
    """The exported bundle is missing, from another schema, or inconsistent."""


class ImageError(NetcoreError):
    """A user-supplied digit image cannot be used."""


class NetworkFileError(NetcoreError):
    """A network file given to ``import`` is unreadable, malformed or not a 784-...-10 network."""
