"""Cross-page boilerplate and Dask on a generated corpus: what a profile removes, and how fast.

The corpus is generated (seeded, so every run builds the same pages): a few sites of hundreds of
pages and a long tail of small sites, each page an article from the gold bodies of the benchmark's
development pages wrapped in its site's furniture: a header and menu, dates and bylines with
counters, promotional paragraphs, author bios and section blurbs (long prose that repeats across
the site), a campaign note on part of the site, a "Most read" box that rotates, a syndication
note many sites share, a legal note; and articles that quote a sentence of another article of
their site. Every block carries its label, so the blocks a profile removes are scored.

python benchmarks/scale.py                       # profile precision/recall, token F1 with and without
python benchmarks/scale.py --sweep               # and the thresholds around the defaults
python benchmarks/scale.py --throughput          # and clean_many against Dask with 1 and 2 workers
python benchmarks/scale.py --write-corpus c.jsonl.gz   # the generated pages, for the CLI or Dask
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import cleantext
from cleantext import Options, explain
from cleantext.profile import Profile, learn_profile
from score import score_page, summarize

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "dev.jsonl.gz"
SEED = 17

#: Labels of generated blocks: the article, furniture that repeats across the site (what a profile
#: is for), furniture that changes from page to page.
ARTICLE, SITE, PAGE = "article", "site", "page"
#: A sentence of another article of the site that an article quotes: article text, counted apart.
QUOTE = "quote"

MONTHS = "January February March April May June July August September October November December".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
FIRST = "Anna Ben Clara David Elena Farid Grace Hugo Ines Jonas Keiko Liam Maya Nils Olga Pavel".split()
LAST = "Almeida Brandt Costa Dubois Eriksen Fischer Garcia Horvat Ito Jensen Kowalski Laurent".split()
BEATS = ("city politics", "health and science", "the economy", "climate and energy", "education", "culture")
SECTIONS = ("Business", "Science", "Culture", "Sport", "Opinion", "Travel", "Technology")
CITIES = ("Lisbon", "Hamburg", "Lyon", "Valencia", "Turin", "Rotterdam", "Krakow", "Porto")
MENUS = ("Home", "News", "Local", "World", "Business", "Science", "Culture", "Sport", "Opinion", "Podcasts")

PROMOS = (
    "Get the {title} briefing: the {n} stories we think you should read, delivered to your inbox every "
    "weekday morning. Join {k} readers who start their day with us; it is free and you can unsubscribe "
    "at any time.",
    "Support independent journalism at {title}. Our reporters published {n} stories this month without "
    "a paywall, and readers like you pay for that work. Become a member from {price} euros a month and "
    "read our investigations before anyone else.",
    "The {title} podcast is back: every {day} our editors talk through the week's biggest stories with the "
    "reporters who broke them. Episode {n} is out now wherever you get your podcasts, and it runs about "
    "{m} minutes.",
)
BIO = (
    "{author} is a senior correspondent at {title}, covering {beat} since {year}. Before joining the "
    "newsroom, {author_first} reported for regional newspapers in {city} for many years and teaches "
    "reporting to students in the summer."
)
SECTION_BLURB = (
    "The {section} section of {title} brings you reporting and analysis every day from our team in "
    "{city}, with explainers on what the news means for the people who live and work here."
)
CAMPAIGN = (
    "Editor's note: during our reader survey we are asking what you would like us to cover next year. "
    "It takes five minutes, every answer is read by the newsroom, and {title} will publish what we learn."
)
SYNDICATION = (
    "This story is shared through the Open Newsroom network, which lets member publications republish "
    "each other's reporting for free; read the network's standards and corrections policy on its website."
)
LEGAL = (
    "{title} is published by {company}, {street} {number}, {city}. Registered under number {reg}; the "
    "editor responsible for content is {editor}."
)


@dataclass(frozen=True)
class SiteSpec:
    """A generated site: its host, how many pages, authors and sections."""

    host: str
    title: str
    pages: int
    authors: int
    sections: int


MAIN_SITES = (
    SiteSpec("harbour-gazette.example", "The Harbour Gazette", 200, 3, 3),
    SiteSpec("valley-courier.example", "Valley Courier", 150, 2, 2),
    SiteSpec("metro-ledger.example", "Metro Ledger", 120, 4, 3),
    SiteSpec("coastline-post.example", "Coastline Post", 80, 2, 2),
    SiteSpec("upland-times.example", "Upland Times", 40, 1, 2),
)
#: The long tail: many small sites of two pages each, too few for a site profile.
TAIL_SITES = 40
TAIL_PAGES = 2


@dataclass(frozen=True)
class GeneratedPage:
    """A generated page: its text, gold body, and each block's label and span in the text."""

    id: str
    site: str
    text: str
    gold: str
    spans: tuple[tuple[int, int, str], ...]


def load_articles(path: Path) -> list[list[str]]:
    """The gold bodies of the development pages as lists of paragraphs (30 words or more)."""
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            paragraphs = [p.strip() for p in json.loads(line)["gold"].split("\n") if p.strip()]
            if sum(len(p.split()) for p in paragraphs) >= 30:
                articles.append(paragraphs)
    return articles


def _sentences(paragraphs: Sequence[str]) -> list[str]:
    found = []
    for paragraph in paragraphs:
        for sentence in paragraph.replace("? ", "?|").replace("! ", "!|").replace(". ", ".|").split("|"):
            if 12 <= len(sentence.split()) <= 40 and sentence.endswith((".", "!", "?")):
                found.append(sentence)
    return found


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.choice((2024, 2025))}"


def generate(articles: list[list[str]], seed: int = SEED) -> list[GeneratedPage]:
    """The corpus: every page of every site, in a shuffled order (as a crawl would list them)."""
    rng = random.Random(seed)
    pool = list(range(len(articles)))
    rng.shuffle(pool)
    tail = [SiteSpec(f"blog{n:02d}.example", f"Blog {n}", TAIL_PAGES, 1, 1) for n in range(TAIL_SITES)]
    pages: list[GeneratedPage] = []
    next_article = 0
    for spec in (*MAIN_SITES, *tail):
        chosen = [articles[pool[(next_article + k) % len(pool)]] for k in range(spec.pages)]
        next_article += spec.pages
        pages.extend(_site_pages(spec, chosen, rng, big=spec in MAIN_SITES))
    rng.shuffle(pages)
    return pages


def _site_pages(
    spec: SiteSpec, chosen: list[list[str]], rng: random.Random, big: bool
) -> Iterator[GeneratedPage]:
    title = spec.title
    authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(spec.authors)]
    bios = [
        BIO.format(
            author=a,
            author_first=a.split()[0],
            title=title,
            beat=rng.choice(BEATS),
            year=rng.randint(2005, 2020),
            city=rng.choice(CITIES),
        )
        for a in authors
    ]
    sections = rng.sample(SECTIONS, spec.sections)
    city = rng.choice(CITIES)
    blurbs = {s: SECTION_BLURB.format(section=s, title=title, city=city) for s in sections}
    menu = rng.sample(MENUS, 6)
    legal = LEGAL.format(
        title=title, company=f"{title.split()[-1]} Media Group", street="Harbour Street", number=rng.randint(1, 99),
        city=city, reg=f"HRB {rng.randint(10000, 99999)}", editor=authors[0],
    )  # fmt: skip
    promo_templates = rng.sample(PROMOS, 2)
    headlines = [" ".join(a[0].split()[:10]).rstrip(".,;:") for a in chosen]
    quotes = _sentences([p for a in chosen for p in a])
    syndicated = rng.random() < 0.6
    header = (
        f"{title} - news you can trust"
        if big
        else f"{title} | {rng.choice(('Independent', 'Local', 'Daily'))} notes"
    )
    for n, article in enumerate(chosen):
        blocks: list[tuple[str, str]] = []
        blocks.append((header, SITE))
        blocks.append(("\n".join(menu), SITE))
        blocks.append(
            (f"Published {_date(rng)} · Updated {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}", SITE)
        )
        author = rng.randrange(len(authors))
        blocks.append(
            (f"By {authors[author]} | {rng.randint(2, 15)} min read | {rng.randint(0, 300)} comments", SITE)
        )
        if big and n < spec.pages // 3:
            blocks.append((CAMPAIGN.format(title=title), SITE))
        body = [(p, ARTICLE) for p in article]
        if big and quotes and rng.random() < 0.12:
            quote = rng.choice(quotes)
            if quote not in " ".join(article):
                body.insert(min(len(body), 1 + rng.randrange(max(1, len(body)))), (f"“{quote}”", QUOTE))
        blocks.extend(body)
        if rng.random() < 0.9:
            blocks.append((bios[author], SITE))
        if rng.random() < 0.8:
            template = promo_templates[n % 2] if rng.random() < 0.8 else promo_templates[0]
            promo = template.format(
                title=title, n=rng.randint(3, 12), k=f"{rng.randint(2, 90)},{rng.randint(100, 999)}",
                price=rng.randint(3, 9), day=rng.choice(DAYS), m=rng.randint(20, 60),
            )  # fmt: skip
            blocks.append((promo, SITE))
        blocks.append((blurbs[rng.choice(sections)], SITE))
        if big:
            week = n // 20
            box = headlines[week * 3 : week * 3 + 4] or headlines[:4]
            blocks.append(("Most read", SITE))
            blocks.extend((h, PAGE) for h in box if h != headlines[n])
        if syndicated and rng.random() < 0.5:
            blocks.append((SYNDICATION, SITE))
        blocks.append((legal, SITE))
        yield _assemble(f"{spec.host}/{n}", spec.host, blocks)


def _assemble(page_id: str, site: str, blocks: list[tuple[str, str]]) -> GeneratedPage:
    parts, spans, offset = [], [], 0
    for text, label in blocks:
        parts.append(text)
        spans.append((offset, offset + len(text), label))
        offset += len(text) + 2
    text = "\n\n".join(parts)
    gold = "\n".join(t for t, label in blocks if label in (ARTICLE, QUOTE))
    return GeneratedPage(page_id, site, text, gold, tuple(spans))


def label_at(page: GeneratedPage, start: int) -> str:
    """The label of the generated block in which a cleaned block starts."""
    for begin, end, label in page.spans:
        if begin <= start < end:
            return label
    return PAGE


@dataclass
class Measure:
    """What one setting did over the corpus."""

    removed: Counter[str] = dataclasses.field(default_factory=Counter)  # by the profile, per label
    kept: Counter[str] = dataclasses.field(default_factory=Counter)  # per label
    blocks: Counter[str] = dataclasses.field(default_factory=Counter)
    f1: float = 0.0
    precision: float = 0.0
    recall: float = 0.0
    empty: int = 0

    def removed_precision(self) -> float:
        total = sum(self.removed.values())
        return 1.0 - (self.removed[ARTICLE] + self.removed[QUOTE]) / total if total else 1.0

    def removed_recall(self) -> float:
        return self.removed[SITE] / self.blocks[SITE] if self.blocks[SITE] else 0.0


def measure(pages: Sequence[GeneratedPage], options: Options) -> Measure:
    """Clean every page with `options` (its site set per page) and score blocks and tokens."""
    result = Measure()
    scores = []
    for page in pages:
        explained = explain(page.text, dataclasses.replace(options, site=page.site))
        for block in explained.blocks:
            if not block.text:
                continue
            label = label_at(page, block.start)
            result.blocks[label] += 1
            if block.kept:
                result.kept[label] += 1
            if block.reason == "site_boilerplate":
                result.removed[label] += 1
        scores.append(score_page(explained.text, page.gold).tokens)
        result.empty += not explained.text
    summary = summarize(scores)
    result.f1, result.precision, result.recall = summary.f1, summary.precision or 0.0, summary.recall
    return result


def _row(name: str, m: Measure, profiled: bool) -> str:
    removed = sum(m.removed.values())
    pr = f"{m.removed_precision():.3f} | {m.removed_recall():.3f}" if profiled else "— | —"
    return (
        f"| {name} | {removed} | {pr} | {m.kept[SITE] / m.blocks[SITE]:.3f} | "
        f"{m.kept[ARTICLE] / m.blocks[ARTICLE]:.3f} | {m.kept[QUOTE]}/{m.blocks[QUOTE]} | "
        f"{m.precision:.3f} | {m.recall:.3f} | {m.f1:.3f} |"
    )


HEADER = (
    "| setting | blocks removed by the profile | their precision | recall of site furniture | "
    "site furniture kept | article blocks kept | quotes kept | token P | token R | token F1 |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def write_corpus(pages: Sequence[GeneratedPage], path: Path) -> None:
    """The generated pages as JSON Lines (id, site, url, text, gold), gzip-compressed for .gz."""
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as out:
        for page in pages:
            record = {
                "id": page.id,
                "site": page.site,
                "url": f"https://{page.id}",
                "text": page.text,
                "gold": page.gold,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def throughput(pages: Sequence[GeneratedPage], profile: Profile, repeat: int) -> list[tuple[str, float]]:
    """Pages per second of clean_many on 1 and 2 processes and of cleantext.dask on a LocalCluster
    of 1 and 2 single-threaded worker processes, over the same pages (`repeat` times the corpus)."""
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from cleantext.dask import clean_bag

    texts = [p.text for p in pages] * repeat
    records = [{"text": p.text, "site": p.site} for p in pages] * repeat
    rows = []
    for jobs in (1, 2):
        start = time.perf_counter()
        for _ in cleantext.clean_many(texts, jobs=jobs):
            pass
        rows.append((f"clean_many, jobs={jobs}", len(texts) / (time.perf_counter() - start)))
    start = time.perf_counter()
    for page in pages * repeat:
        cleantext.clean(page.text, profile=profile, site=page.site)
    rows.append(("clean() in one process, with the profile", len(texts) / (time.perf_counter() - start)))
    for workers in (1, 2):
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            with Client(cluster):
                # Warm the workers (imports, the model) before the clock starts.
                clean_bag(db.from_sequence(texts[: 4 * workers], npartitions=workers)).compute()
                start = time.perf_counter()
                clean_bag(db.from_sequence(texts, npartitions=8 * workers)).compute()
                rows.append(
                    (f"Dask LocalCluster, {workers} worker(s)", len(texts) / (time.perf_counter() - start))
                )
                start = time.perf_counter()
                profiled = db.from_sequence(records, npartitions=8 * workers)
                clean_bag(profiled, site_field="site", profile=profile).compute()
                rows.append(
                    (
                        f"Dask LocalCluster, {workers} worker(s), with the profile",
                        len(texts) / (time.perf_counter() - start),
                    )
                )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the development pages (their gold)")
    parser.add_argument("--sweep", action="store_true", help="also measure thresholds around the defaults")
    parser.add_argument("--throughput", action="store_true", help="also time clean_many and Dask")
    parser.add_argument("--repeat", type=int, default=1, help="times the corpus for --throughput")
    parser.add_argument(
        "--rounds", type=int, default=1, help="--throughput runs, interleaved; the median shown"
    )
    parser.add_argument("--skip-quality", action="store_true", help="only --throughput")
    parser.add_argument("--write-corpus", type=Path, help="write the generated pages as JSONL and stop")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"benchmark data not found at {args.data} (it lives outside the repository)", file=sys.stderr)
        return 2
    pages = generate(load_articles(args.data))
    if args.write_corpus:
        write_corpus(pages, args.write_corpus)
        return 0
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    sites = Counter(p.site for p in pages)
    print(
        f"{datetime.now(timezone.utc):%Y-%m-%d} commit {commit}: {len(pages)} generated pages, {len(sites)} sites "
        f"({', '.join(str(sites[s.host]) for s in MAIN_SITES)} pages on the five main sites, "
        f"{TAIL_SITES} sites of {TAIL_PAGES}), seed {SEED}"
    )
    start = time.perf_counter()
    profile = learn_profile(((p.text, p.site) for p in pages), jobs=os.cpu_count())
    print(f"learned {profile!r} in {time.perf_counter() - start:.1f} s")
    if not args.skip_quality:
        _quality(pages, profile, args.sweep)
    if args.throughput:
        runs: dict[str, list[float]] = {}
        for _ in range(args.rounds):
            for name, rate in throughput(pages, profile, args.repeat):
                runs.setdefault(name, []).append(rate)
        print(f"| run ({args.rounds} rounds of {len(pages) * args.repeat} pages) | median pages/s | range |")
        print("|---|---:|---:|")
        for name, rates in runs.items():
            print(f"| {name} | {statistics.median(rates):.1f} | {min(rates):.1f}–{max(rates):.1f} |")
    return 0


def _quality(pages: Sequence[GeneratedPage], profile: Profile, sweep: bool) -> None:
    print(HEADER)
    base = Options()
    print(_row("no profile", measure(pages, base), False))
    default = Options(profile=profile)
    print(
        _row(
            f"profile, defaults (min pages {default.profile_min_pages}, min share {default.profile_min_share}, "
            f"corpus min share {default.profile_corpus_min_share})",
            measure(pages, default),
            True,
        )
    )
    print(
        _row(
            "profile, site part only",
            measure(pages, dataclasses.replace(default, profile_corpus_min_share=None)),
            True,
        )
    )
    if sweep:
        for min_pages in (2, 3, 5):
            for share in (0.1, 0.2, 0.3, 0.5):
                options = dataclasses.replace(default, profile_min_pages=min_pages, profile_min_share=share)
                print(_row(f"min pages {min_pages}, min share {share}", measure(pages, options), True))
        for share in (0.01, 0.02, 0.1):
            options = dataclasses.replace(default, profile_corpus_min_share=share)
            print(_row(f"corpus min share {share}", measure(pages, options), True))


if __name__ == "__main__":
    raise SystemExit(main())
