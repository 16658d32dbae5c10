"""Reader: close reading of news articles and their reader comments."""

APP_NAME = "Reader"
APP_ID = "org.readerapp.Reader"
ORGANIZATION = "Reader"


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed package's metadata on first use (not at
    import: importlib.metadata costs a start-up ~20 ms it does not need)."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("reader")
    except PackageNotFoundError:  # a frozen build without metadata
        found = "0.1.0"
    globals()["__version__"] = found
    return found
