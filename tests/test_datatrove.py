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
    paragraph = "The council approved the budget on Monday after a debate that lasted four hours."
    html = f"<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav><p>{paragraph}</p></body></html>"
    docs.append(Document(text=html, id="html"))  # read as HTML
    step = CleanFilter(min_content_score=0.6)
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == [*(str(n) for n in range(12)), "html"]
    assert [d.text for d in out[:12]] == [clean(text, min_content_score=0.6) for text, _, _ in pages]
    assert out[-1].text == paragraph
    assert step.stats["dropped_empty_body"].total == 1


def test_step_uses_a_profile_with_the_site_of_each_document() -> None:
    pages = site_pages("gazette.example", 12, seed=5)
    profile = learn_profile([(text, site) for text, site, _ in pages])
    docs = [
        Document(text=text, id=str(n), metadata={"domain": site}) for n, (text, site, _) in enumerate(pages)
    ]
    out = list(CleanFilter(profile=profile, site_field="domain").run(iter(docs)))
    assert [d.text for d in out] == ["\n\n".join(article) for _, _, article in pages]
