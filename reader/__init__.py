"""Reader: close reading of news articles and their reader comments."""

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "Reader"
APP_ID = "org.readerapp.Reader"
ORGANIZATION = "Reader"

try:
    __version__ = version("reader")
except PackageNotFoundError:  # a frozen build without metadata
    __version__ = "0.1.0"
