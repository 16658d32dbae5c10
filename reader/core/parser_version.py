"""The parser's version, in a module of its own: the store compares it with each stored
structure when a document is opened, and opening a project needs no parser for that."""

# Bumped whenever the parser's output for the same text may change, so that stored
# structures are rebuilt.
PARSER_VERSION = 2
