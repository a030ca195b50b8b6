"""cleantext as a datatrove pipeline step (``pip install 'cleantext-blocks[datatrove]'``).

`CleanFilter` replaces each document's text with its clean body and drops the documents left
empty, counting them under datatrove's `dropped_empty_body` as its filters count what they drop.

>>> from datatrove.data import Document
>>> step = CleanFilter()
>>> docs = [Document(text="Skip to content\\n\\nThe council approved the budget on Monday, after a "
...                       "long debate about the new library.", id="a"),
...         Document(text="Home\\n\\nShare on Facebook", id="b")]
>>> [(d.id, d.text) for d in step.run(docs)]
[('a', 'The council approved the budget on Monday, after a long debate about the new library.')]
"""

from __future__ import annotations

import dataclasses
from typing import Any

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter

from cleantext.options import Options, resolve_options
from cleantext.pipeline import clean
from cleantext.profile import record_site

__all__ = ["CleanFilter"]


class CleanFilter(BaseFilter):  # type: ignore[misc]  # datatrove ships no types
    """Clean `doc.text` (the text of a page, or its HTML) with cleantext's options; drop a
    document whose body is empty (reason "empty_body"), or that is HTML where the html extra is
    not installed ("html_without_parser"). With a profile, a document's site is its metadata's
    `site_field`, else the host of its metadata's "url"."""

    name = "🧹 cleantext"

    def __init__(
        self,
        options: Options | None = None,
        *,
        site_field: str | None = None,
        exclusion_writer: Any = None,
        **overrides: Any,
    ) -> None:
        super().__init__(exclusion_writer)
        self.options = resolve_options(options, overrides, "CleanFilter")
        self.site_field = site_field

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        """Put the clean body on `doc`; False (with the reason) to drop it."""
        options = self.options
        if options.profile is not None:
            site = record_site(doc.metadata, self.site_field)
            if site is not None and site != options.site:
                options = dataclasses.replace(options, site=site)
        try:
            body = clean(doc.text, options)
        except ImportError:  # an HTML document, and no parser to read it
            return False, "html_without_parser"
        self.stat_update("removed_chars", value=len(doc.text) - len(body))
        if not body:
            return False, "empty_body"
        doc.text = body
        return True
