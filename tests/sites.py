"""Generated pages of made-up sites: articles in furniture that repeats across each site, for the
profile and Dask tests."""

from __future__ import annotations

import random

SUBJECTS = (
    "The council",
    "A local bakery",
    "The harbour authority",
    "Our school board",
    "The museum",
    "A new startup",
)
VERBS = ("announced", "postponed", "approved", "questioned", "celebrated", "reviewed")
OBJECTS = (
    "a plan to rebuild the old bridge over the river",
    "the budget for next year's summer festival",
    "a proposal to extend the tram line to the suburbs",
    "the results of a survey of residents about parking",
    "a scheme that pays students to tutor younger pupils",
    "the reopening of the public swimming pool in the park",
)
TAILS = (
    "after a debate that lasted well into the evening.",
    "although several members asked for more time to study it.",
    "and residents will be able to comment until the end of the month.",
    "which had been delayed twice because of rising costs.",
)
PROMO = (
    "Get our {n} best stories every morning: join {k} readers of the Daily Letter, it is free and you "
    "can unsubscribe whenever you like."
)
BIO = (
    "Maria Lopez has reported on city hall for the Gazette since 2011 and teaches journalism at the college."
)
QUOTE = (
    "“We will not let this neighbourhood be forgotten, whatever the cost turns out to be,” the mayor said."
)


def make_article(rng: random.Random) -> list[str]:
    return [
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} on {rng.choice(('Monday', 'Friday'))}, "
        f"{rng.choice(TAILS)} {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"
        for _ in range(3)
    ]


def site_pages(site: str, n: int, seed: int = 1, quotes: bool = False) -> list[tuple[str, str, list[str]]]:
    """`n` pages of `site`: each an article (returned too) in the site's furniture; with `quotes`,
    pages 0 and 1 quote the same sentence."""
    rng = random.Random(seed)
    pages = []
    for i in range(n):
        article = make_article(rng)
        if quotes and i < 2:
            article.insert(1, QUOTE)
        furniture_top = [f"Published {rng.randint(1, 28)} March 2025 · {rng.randint(0, 99)} comments"]
        furniture_bottom = [
            BIO,
            PROMO.format(n=rng.randint(3, 9), k=f"{rng.randint(2, 90)},{rng.randint(100, 999)}"),
        ]
        text = "\n\n".join([*furniture_top, *article, *furniture_bottom])
        pages.append((text, site, article))
    return pages
