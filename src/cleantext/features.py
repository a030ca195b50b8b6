"""The numbers the content model reads for each block: its own shape and its neighbourhood.

Text-only cues in the tradition of jusText (length, stopword density, neighbours), Boilerpipe
(word counts of a block and its neighbours, position) and the C4/Gopher line rules (terminal
punctuation, "lorem"/"javascript"/cookie lines, digits and symbols). Links are not visible in
scraped text; runs of short unpunctuated lines stand in for link density.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["CONTEXT", "LOGIT_CONTEXT", "OWN", "Rows", "block_shapes", "context_features", "logit_context"]

_TOKEN = re.compile(r"\w+")
_TERMINAL = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019\u00bb)\]]*$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|\u2026)[\"'\u201d\u2019)\]]*$")
_INNER_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)]*\s+\S")
_COMMA = re.compile(r"[,;\u3001\uff0c]")
_SEPARATOR = re.compile(r"\s[|/\u00bb\u203a>\u2022\u00b7\u2013-]\s|\u00a0\|")
_URLISH = re.compile(r"https?://|www\.|\.(?:com|org|net|html?)\b|@\w+\.\w")
DATE = re.compile(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d\d-\d\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.? \d{1,2}|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b|\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)
PRICE = re.compile(r"[$\u20ac\u00a3\u00a5]\s?\d|\d\s?(?:[$\u20ac\u00a3\u00a5]|eur|usd|zł|руб)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25aa\u25cf\u2013]|\d{1,3}[.)])\s")
_PIPE_OR_SLASH = re.compile(r"[|]")
# Calls to action speak to the reader and about "us" (own measurement: author boxes, sign-up
# prompts and sales blurbs were the prose-like furniture left in article bodies).
_YOU = frozenset(
    "you your yours you're youll you'll yourself du dich dir dein deine sie ihr ihre ihnen vous votre vos "
    "tu ton ta tes usted ustedes tus vostro vostra voi você vocês seu sua jij je jouw uw ty twój "
    "państwo wy вы вас ваш ваша ты твой".split()
)
_WE = frozenset(
    "we our ours us we're wir unser unsere uns nous notre nos nosotros nuestro nuestra noi nostro nostra "
    "nós nosso nossa wij ons onze my nasz nasza мы наш наша нас".split()
)
_CTA = frozenset(
    "subscribe subscription signup newsletter download trial demo contact click register join follow "
    "discount deals offer coupon shop buy cart checkout commission affiliate sponsored inbox unlock "
    "consultation quote pricing webinar podcast app abonnieren anmelden kontakt herunterladen "
    "abonner inscrivez télécharger contactez suscríbete descarga contáctanos iscriviti scarica contattaci "
    "assine baixe inscreva contato downloaden abonneren zapisz pobierz подписаться "
    "скачать подпишитесь".split()
)

# Legal and consent boilerplate (copyright lines, terms, privacy and sign-up consent) reads like
# prose: its vocabulary gives it away (own measurement: the most frequent kept prose not in gold).
_LEGAL = frozenset(
    "copyright rights reserved trademark trademarks terms conditions privacy policy consent agree "
    "agreement license licensed liability disclaimer cookies gdpr unsubscribe "
    "datenschutz impressum nutzungsbedingungen urheberrecht rechte vorbehalten "
    "droits réservés conditions confidentialité mentions légales "
    "derechos reservados términos privacidad condiciones "
    "diritti riservati termini condizioni "
    "direitos reservados termos privacidade".split()
)
_COPYRIGHT = re.compile(r"\u00a9|\(c\)\s*\d{4}", re.IGNORECASE)

#: The word sets whose shares are features, in the order the compiled core flags them.
WORD_SETS = (_YOU, _WE, _CTA, _LEGAL)

#: Names of the per-block shape numbers, in order.
OWN = (
    "log_words",
    "log_chars_per_word",
    "terminal",
    "ellipsis",
    "colon_end",
    "question_end",
    "stop_ratio",
    "comma_rate",
    "inner_ends",
    "digit_ratio",
    "title_ratio",
    "upper_ratio",
    "separators",
    "urlish",
    "date",
    "price",
    "bullet",
    "short",
    "prose",
    "pipe",
    "you_ratio",
    "we_ratio",
    "cta_ratio",
    "legal_ratio",
    "lexicon",
)
#: Names of the neighbourhood numbers, in order.
CONTEXT = (
    "rel_pos",
    "log_blocks",
    "page_prose_ratio",
    "in_main",
    "dist_main",
    "before_main",
    "after_main",
    "prev_prose",
    "next_prose",
    "prev_rule",
    "next_rule",
    "prev_words",
    "next_words",
    "win3_prose",
    "win10_prose",
    "win3_words",
    "log_short_run",
    "repeat",
    "main_share",
    "vocab_overlap",
    "log_words_to_main",
    "page_short_ratio",
    "log_repeat",
    "heading_cue",
    "words_vs_page",
    "log_alike_run",
    "in_prose_span",
    "log_dist_prose",
    "topic_overlap",
    "log_rules_to_main",
    "touches_rule",
    "log_page_rules",
)
#: Names of the numbers read off the stage-1 logits around a block, in order.
LOGIT_CONTEXT = (
    "logit",
    "logit_vs_top",
    "logit_vs_third",
    "page_top_logit",
    "prev_logit",
    "next_logit",
    "win2_logit",
    "win5_logit",
    "win15_logit",
    "mean_logit_before",
    "mean_logit_after",
    "in_best_run",
    "log_dist_best_run",
    "page_mean_logit",
    "page_positive_share",
)


class Rows(Sequence[tuple[float, ...]]):
    """Rows of numbers of one width, stored flat: 8 bytes a number rather than a Python float
    each (a page of a million blocks holds 25 million of them).

    >>> rows = Rows(2, array("d", [1.0, 2.0, 3.0, 4.0]))
    >>> len(rows), rows[1]
    (2, (3.0, 4.0))
    """

    __slots__ = ("values", "width")

    def __init__(self, width: int, values: array[float] | None = None) -> None:
        self.width = width
        self.values = values if values is not None else array("d")

    def __len__(self) -> int:
        return len(self.values) // self.width

    def __getitem__(self, i: int) -> tuple[float, ...]:  # type: ignore[override]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        return tuple(self.values[i * self.width : (i + 1) * self.width])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rows) and self.width == other.width and self.values == other.values

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Rows({self.width}, {len(self)} rows)"

    def __reduce__(self) -> tuple[type[Rows], tuple[int, array[float]]]:
        return (Rows, (self.width, self.values))


def block_shapes(
    texts: Sequence[str],
    skip: Sequence[bool],
    stopwords: frozenset[str],
    lexicon: Mapping[str, float],
    neutral: float,
) -> Rows:
    """Return each block's own shape numbers (see OWN); zeros for the blocks `skip` says (the
    model never scores a block a phrase rule matched). `lexicon` gives word log-odds of body
    against furniture, `neutral` the value of a block of unknown words (see word_log_odds)."""
    shapes = Rows(len(OWN))
    zeros = (0.0,) * len(OWN)
    for text, rule in zip(texts, skip):
        tokens = _TOKEN.findall(text)
        n = len(tokens)
        if n == 0 or rule:
            shapes.values.extend(zeros)
            continue
        # Counting with map() over C-level methods: this loop runs for every block of every page.
        digits = sum(map(str.isdigit, tokens)) / n
        title = sum(map(str.isupper, [t[0] for t in tokens])) / n
        upper = sum(map(str.isupper, tokens)) / n
        del tokens  # one list of words at a time: a block may be a whole 20 MB page
        lower = _TOKEN.findall(text.lower())
        stop = sum(map(stopwords.__contains__, lower)) / n
        terminal = _TERMINAL.search(text) is not None
        ellipsis = _ELLIPSIS.search(text) is not None
        inner = len(_INNER_END.findall(text))
        you = sum(map(_YOU.__contains__, lower)) / n
        we = sum(map(_WE.__contains__, lower)) / n
        cta = sum(map(_CTA.__contains__, lower)) / n
        legal = sum(map(_LEGAL.__contains__, lower)) / n + float(_COPYRIGHT.search(text) is not None)
        log_odds = word_log_odds(lower, lexicon, neutral)
        del lower
        stripped = text.rstrip()
        short = n <= 4
        prose = (n >= 12 and terminal and not ellipsis and stop >= 0.15) or (n >= 40 and inner >= 2)
        shapes.values.extend(
            (
                math.log1p(n),
                math.log(len(text) / n),
                float(terminal and not ellipsis),
                float(ellipsis),
                float(stripped.endswith(":")),
                float(stripped.endswith("?")),
                stop,
                min(len(_COMMA.findall(text)) / n, 1.0),
                math.log1p(inner),
                digits,
                title,
                upper,
                math.log1p(len(_SEPARATOR.findall(text))),
                float(_URLISH.search(text) is not None),
                float(digits > 0 and DATE.search(text) is not None),
                float(digits > 0 and PRICE.search(text) is not None),
                float(_BULLET.match(text) is not None),
                float(short),
                float(prose),
                float(_PIPE_OR_SLASH.search(text) is not None),
                you,
                we,
                cta,
                legal,
                log_odds,
            )
        )
    return shapes


def word_log_odds(words: Iterable[str], log_odds: Mapping[str, float], neutral: float = 0.0) -> float:
    """The log-odds of a block being article body rather than furniture, from its words: the
    mean of the values `log_odds` gives the block's distinct words, with `neutral` counted as
    one more word, so a block of unknown words (another language, names, numbers) reads as a
    typical block instead of a suspicious one.

    >>> word_log_odds(["share", "on", "share"], {"share": -2.0, "on": 0.5, "said": 1.0})
    -0.5
    >>> word_log_odds(["обзор"], {"share": -2.0}, neutral=0.4)
    0.4
    """
    total, known = 0.0, 0
    # Distinct words in the order they first stand (a set's order changes with the hash seed),
    # summed left to right, as the compiled core does.
    for word in dict.fromkeys(words):
        value = log_odds.get(word)
        if value is not None:
            total += value
            known += 1
    return (total + neutral) / (known + 1)


def context_features(
    words: Sequence[int],
    prose: Sequence[float],
    terminal: Sequence[float],
    touches: Sequence[float],
    rules_before: Sequence[int],
    keys: Sequence[str],
    stopwords: frozenset[str],
    rules_total: int = 0,
) -> list[tuple[float, ...]]:
    """Return each block's neighbourhood numbers (see CONTEXT) from the columns of the blocks the
    model scores: word counts, prose and sentence-end flags, whether a block stands next to one a
    phrase rule matched, how many such blocks (left out here) stand before it, its key, and how
    many such blocks the page has in all."""
    n = len(words)
    if n == 0:
        return []
    start, end = densest_run(words, prose, touches)
    total_words = sum(words) or 1
    main_words = sum(words[start : end + 1])
    page_prose = sum(prose) / n
    prose_prefix = [0.0]
    word_prefix = [0]
    for p, w in zip(prose, words):
        prose_prefix.append(prose_prefix[-1] + p)
        word_prefix.append(word_prefix[-1] + w)
    runs = _short_runs(prose)
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    log_blocks = math.log1p(n)
    log_words = [math.log1p(w) for w in words]
    short_ratio = sum(1 for w in words if w <= 4) / n
    total_log_words = 0.0
    for value in log_words:
        total_log_words += value
    mean_log_words = total_log_words / n
    alike = _alike_runs(log_words, terminal)
    # A page where no rule finds furniture is most often clean already (own measurement: 709 of
    # the 790 benchmark gold bodies hold no such block, 60 of the 790 scraped pages).
    log_page_rules = math.log1p(rules_total)
    prose_at = [k for k in range(n) if prose[k]]
    first_prose, last_prose = (prose_at[0], prose_at[-1]) if prose_at else (n, -1)
    nearest = _distance_to_prose(prose)
    # The main run's vocabulary: titles and subheadings reuse it, menu items seldom do.
    vocabulary: dict[str, int] = {}
    for k in range(start, end + 1):
        if prose[k]:
            for word in keys[k].split(" "):
                vocabulary[word] = vocabulary.get(word, 0) + 1
    out: list[tuple[float, ...]] = []
    for i in range(n):
        lo3, hi3 = max(0, i - 3), min(n, i + 4)
        lo10, hi10 = max(0, i - 10), min(n, i + 11)
        inside = start <= i <= end
        dist = 0 if inside else (start - i if i < start else i - end)
        out.append(
            (
                i / n,
                log_blocks,
                page_prose,
                float(inside),
                math.log1p(dist),
                float(i < start),
                float(i > end),
                prose[i - 1] if i > 0 else 0.0,
                prose[i + 1] if i + 1 < n else 0.0,
                touches[i - 1] if i > 0 else 0.0,
                touches[i + 1] if i + 1 < n else 0.0,
                math.log1p(words[i - 1]) if i > 0 else 0.0,
                math.log1p(words[i + 1]) if i + 1 < n else 0.0,
                (prose_prefix[hi3] - prose_prefix[lo3]) / (hi3 - lo3),
                (prose_prefix[hi10] - prose_prefix[lo10]) / (hi10 - lo10),
                math.log1p((word_prefix[hi3] - word_prefix[lo3]) / (hi3 - lo3)),
                math.log1p(runs[i]),
                float(counts[keys[i]] > 1),
                main_words / total_words,
                1.0 if prose[i] else _overlap(keys[i], vocabulary, stopwords),
                math.log1p(
                    word_prefix[start] - word_prefix[i + 1]
                    if i < start
                    else word_prefix[i] - word_prefix[end + 1]
                    if i > end
                    else 0.0
                ),
                short_ratio,
                math.log1p(counts[keys[i]] - 1),
                float(not prose[i] and not terminal[i] and i + 1 < n and prose[i + 1] > 0),
                log_words[i] - mean_log_words,
                math.log1p(alike[i]),
                float(first_prose <= i <= last_prose),
                math.log1p(nearest[i]),
                _topic_overlap(keys[i], vocabulary, stopwords, bool(prose[i]) and inside),
                # Furniture that phrase data found between the block and the main run: the first
                # footer, share bar or comments header after an article often ends it.
                math.log1p(
                    rules_before[i] - rules_before[end]
                    if i > end >= 0
                    else rules_before[start] - rules_before[i]
                    if i < start
                    else 0
                ),
                touches[i],
                log_page_rules,
            )
        )
    return out


def densest_run(words: Sequence[int], prose: Sequence[float], rule: Sequence[float]) -> tuple[int, int]:
    """Return the first and last index of the densest run of prose (maximum-sum subarray).

    Prose blocks weigh their word count, other blocks a small penalty, boilerplate phrases a large
    one (Boilerpipe's "largest text block" cue, extended to a run of blocks).

    >>> densest_run([3, 50, 2, 60, 1, 1, 1, 1, 1, 40], [0, 1, 0, 1, 0, 0, 0, 0, 0, 1], [0] * 10)
    (1, 9)
    """
    return max_sum_run(
        count if is_prose else (-15.0 if is_rule else -4.0)
        for count, is_prose, is_rule in zip(words, prose, rule)
    )


def max_sum_run(values: Iterable[float]) -> tuple[int, int]:
    """First and last index of the first run of `values` with the largest positive sum
    ((0, -1) when no value is positive): Kadane's algorithm.

    >>> max_sum_run([-1, 2, -1, 3, -9, 4])
    (1, 3)
    """
    best, span = 0.0, (0, -1)
    total, run_start = 0.0, 0
    for i, value in enumerate(values):
        if total <= 0:
            total, run_start = value, i
        else:
            total += value
        if total > best:
            best, span = total, (run_start, i)
    return span


def _overlap(key: str, vocabulary: dict[str, int], stopwords: frozenset[str]) -> float:
    """The share of a (non-prose) block's content words that the main run's prose uses."""
    words = [w for w in key.split(" ") if w and w not in stopwords]
    if not words:
        return 0.0
    return sum(1 for w in words if w in vocabulary) / len(words)


def _topic_overlap(key: str, vocabulary: dict[str, int], stopwords: frozenset[str], in_run: bool) -> float:
    """The share of a block's content words that the main run's other prose uses at least twice:
    off-topic prose inside the run (legal notices, bios, reviews, sales blurbs) shares few of
    them (own measurement). `in_run` says the block's own words are counted in `vocabulary`."""
    split = key.split(" ")
    words = [w for w in split if w and w not in stopwords and not w.isdigit()]
    if not words:
        return 0.0
    own: dict[str, int] = {}
    if in_run:
        for w in split:
            own[w] = own.get(w, 0) + 1
    return sum(1 for w in words if vocabulary.get(w, 0) - own.get(w, 0) >= 2) / len(words)


def _short_runs(prose: Sequence[float]) -> list[int]:
    """For each block, the length of the run of non-prose blocks it stands in (0 for prose)."""
    n = len(prose)
    runs = [0] * n
    i = 0
    while i < n:
        if prose[i]:
            i += 1
            continue
        j = i
        while j < n and not prose[j]:
            j += 1
        for k in range(i, j):
            runs[k] = j - i
        i = j
    return runs


def _alike_runs(log_words: Sequence[float], terminal: Sequence[float]) -> list[int]:
    """For each block, the length of the run of neighbours of about its length and ending
    (lists of cards, menus and teasers repeat one shape; an article's paragraphs vary)."""
    n = len(log_words)
    runs = [1] * n
    i = 0
    while i < n:
        j = i + 1
        while j < n and terminal[j] == terminal[j - 1] and abs(log_words[j] - log_words[j - 1]) < 0.5:
            j += 1
        for k in range(i, j):
            runs[k] = j - i
        i = j
    return runs


def _distance_to_prose(prose: Sequence[float]) -> list[int]:
    """For each block, how many blocks away the nearest prose block stands (n when none)."""
    n = len(prose)
    out = [n] * n
    last = -n
    for i in range(n):
        if prose[i]:
            last = i
        out[i] = i - last
    last = 2 * n
    for i in range(n - 1, -1, -1):
        if prose[i]:
            last = i
        out[i] = min(out[i], last - i, n)
    return out


def logit_context(logits: Sequence[float]) -> list[tuple[float, ...]]:
    """Return, for each block, its own stage-1 logit and those of its neighbourhood (see
    LOGIT_CONTEXT)."""
    n = len(logits)
    if n == 0:
        return []
    prefix = [0.0]
    for value in logits:
        prefix.append(prefix[-1] + value)
    top = max(logits)
    # The page's own scale: a block among the best of a weak page is still its article.
    third = sorted(logits, reverse=True)[min(2, n - 1)]
    # The page's best-scoring run (maximum-sum run of the logits): where stage 1 puts the body
    # when the page has no run of prose (product pages, listings).
    start, end = max_sum_run(logits)
    mean = prefix[n] / n
    positive = sum(1 for z in logits if z > 0) / n
    rows: list[tuple[float, ...]] = []
    for i, z in enumerate(logits):
        before = prefix[i] / i if i else 0.0
        after = (prefix[n] - prefix[i + 1]) / (n - i - 1) if i + 1 < n else 0.0
        rows.append(
            (
                z,
                z - top,
                z - third,
                top,
                logits[i - 1] if i else 0.0,
                logits[i + 1] if i + 1 < n else 0.0,
                _window_mean(prefix, i - 2, i + 3, n),
                _window_mean(prefix, i - 5, i + 6, n),
                _window_mean(prefix, i - 15, i + 16, n),
                before,
                after,
                float(start <= i <= end),
                math.log1p(start - i if i < start else i - end if i > end else 0) if end >= start else 0.0,
                mean,
                positive,
            )
        )
    return rows


def _window_mean(prefix: Sequence[float], lo: int, hi: int, n: int) -> float:
    lo = lo if lo > 0 else 0
    hi = hi if hi < n else n
    return (prefix[hi] - prefix[lo]) / (hi - lo)
