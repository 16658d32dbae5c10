"""The web addresses a saved page declares for itself, and how two addresses are compared.

:func:`page_urls` reads, without fetching anything, the addresses a page names as its own:
``<link rel="canonical">``, ``<meta property="og:url">`` (and ``twitter:url``), the
``<!-- saved from url=(NNNN)… -->`` mark browsers write when saving a page, and the
``url:`` line of SingleFile's header comment. A relative canonical address is resolved
against the others. Browser annotation tools (Hypothesis) name a passage's page by such an
address; the store records them at import so an annotation file can be matched to its
document.

:func:`url_key` is the form two addresses are compared in: scheme (http or https),
``www.``, default ports, the fragment, a trailing slash and tracking parameters (``utm_*``,
``fbclid``, ``gclid`` …) do not count; the other query parameters count, in any order.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
_SINGLE_FILE = re.compile(r"<!--.*?Page saved with SingleFile.*?-->", re.DOTALL | re.IGNORECASE)
_SINGLE_FILE_URL = re.compile(r"^\s*url:\s*(\S+)\s*$", re.MULTILINE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|_ga|ref_src)$", re.I)
HEAD_LIMIT = 200_000  # characters of a page looked at when it has no </head>


def page_urls(page: str) -> tuple[str, ...]:
    """The absolute http(s) addresses ``page`` (HTML text) declares as its own, in the
    order: canonical, og:url, twitter:url, saved-from mark, SingleFile header; each once."""
    head_end = _HEAD_END.search(page)
    head = page[: head_end.end()] if head_end else page[:HEAD_LIMIT]
    marks: list[str] = []
    if m := _SAVED_FROM.search(head):
        marks.append(m.group(1))
    if m := _SINGLE_FILE.search(head):
        marks += _SINGLE_FILE_URL.findall(m.group())
    from lxml import etree, html  # here: comparing addresses must not load the page reader

    found: list[str] = []
    try:
        root = html.fromstring(head) if head.strip() else None
    except (ValueError, etree.ParserError):
        root = None
    if root is not None:
        for link in root.iter("link"):
            rel = (link.get("rel") or "").lower().split()
            if "canonical" in rel and link.get("href"):
                found.append(link.get("href").strip())
        for meta in root.iter("meta"):
            key = (meta.get("property") or meta.get("name") or "").strip().lower()
            if key in ("og:url", "twitter:url") and meta.get("content"):
                found.append(meta.get("content").strip())
    absolute = [u for u in (*found, *marks) if _is_web(u)]
    base = absolute[0] if absolute else None
    result: list[str] = []
    for url in (*found, *marks):
        if not _is_web(url):
            if base is None:
                continue
            url = urljoin(base, url)
        if url not in result:
            result.append(url)
    return tuple(result)


def _is_web(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("http", "https") and bool(urlsplit(url).netloc)


def url_key(url: str) -> str | None:
    """``url`` in the form addresses are compared in (see the module's notes); None when it
    is not an http(s) address."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if port not in (None, 80, 443):
        host += f":{port}"
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _TRACKING.match(k))  # fmt: skip
    return host + path + (f"?{urlencode(query)}" if query else "")
