"""The annotation and tag records, as the store hands them out: defined in
``reader.core.records`` (the domain's records live in core) and re-exported here so code
written against ``reader.store.records`` keeps working. The operations on ``Project``
and their inverses are listed in ``reader.core.records``' docstring."""

from reader.core.records import Annotation, DeletedTag, MergedTags, Tag, TagLink

__all__ = ["Annotation", "DeletedTag", "MergedTags", "Tag", "TagLink"]
