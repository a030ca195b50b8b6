"""The datatrove step cleans documents as clean() does and counts what it drops."""

from __future__ import annotations

import pytest

pytest.importorskip(
    "datatrove", reason="datatrove is not installed (pip install 'cleantext-blocks[datatrove]')"
)

from datatrove.data import Document

from cleantext import clean
from cleantext.datatrove import CleanFilter
from cleantext.profile import learn_profile
from sites import site_pages


def test_step_cleans_documents_and_drops_empty_ones() -> None:
    pages = site_pages("gazette.example", 12, seed=5)
    docs = [
        Document(text=text, id=str(n), metadata={"url": f"https://{site}/{n}"})
        for n, (text, site, _) in enumerate(pages)
    ]
    docs.append(Document(text="Home\n\nShare on Facebook", id="empty"))
    docs.append(Document(text="<!DOCTYPE html><html><body><p>Hi</p></body></html>", id="html"))
    step = CleanFilter(min_content_score=0.6)
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == [str(n) for n in range(12)]
    assert [d.text for d in out] == [clean(text, min_content_score=0.6) for text, _, _ in pages]
    assert step.stats["dropped_empty_body"].total == 1
    assert step.stats["dropped_html"].total == 1


def test_step_uses_a_profile_with_the_site_of_each_document() -> None:
    pages = site_pages("gazette.example", 12, seed=5)
    profile = learn_profile([(text, site) for text, site, _ in pages])
    docs = [
        Document(text=text, id=str(n), metadata={"domain": site}) for n, (text, site, _) in enumerate(pages)
    ]
    out = list(CleanFilter(profile=profile, site_field="domain").run(iter(docs)))
    assert [d.text for d in out] == ["\n\n".join(article) for _, _, article in pages]
