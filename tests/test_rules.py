"""Each boilerplate rule, as a table: blocks it must drop, and look-alikes it must keep."""

from __future__ import annotations

import pytest

from cleantext import clean, explain
from cleantext.classify import Verdicts, keep_title
from cleantext.model import Scores
from cleantext.rules import phrase_reason

# A page around the block under test: enough article that the block is judged in context.
ARTICLE = (
    "The regional council approved the new transport plan on Tuesday after a debate that lasted "
    "most of the afternoon, with members of every party taking part.",
    "Under the plan, bus services will run every ten minutes on the main routes, and the last "
    "trains of the evening will leave an hour later than they do now.",
    "Officials said the changes would cost about twelve million euros a year, most of it paid "
    "for by the national government, and would begin in the spring.",
)


def _reason_of(block: str, *, where: str = "after", **options: object) -> tuple[str, bool]:
    parts = [*ARTICLE, block] if where == "after" else [block, *ARTICLE]
    result = explain("\n\n".join(parts), **options)  # type: ignore[arg-type]
    index = len(ARTICLE) if where == "after" else 0
    found = result.blocks[index]
    assert found.text == block
    return found.reason, found.kept


MUST_DROP = [
    ("skip_link", "Skip to content", "before"),
    ("skip_link", "Zum Inhalt springen", "before"),
    ("skip_link", "Aller au contenu principal", "before"),
    ("skip_link", "Przejdź do treści", "before"),
    ("related_header", "Read also:", "after"),
    ("related_header", "Related articles", "after"),
    ("related_header", "Most read", "after"),
    ("related_header", "Lesen Sie auch", "after"),
    ("related_header", "À lire aussi", "after"),
    ("related_header", "Te puede interesar", "after"),
    ("related_header", "Leggi anche", "after"),
    ("related_header", "Leia também", "after"),
    ("related_header", "Lees ook", "after"),
    ("related_header", "Czytaj także", "after"),
    ("related_header", "Читайте также", "after"),
    ("share_buttons", "Share on Facebook", "after"),
    ("share_buttons", "Facebook Twitter LinkedIn Email", "after"),
    ("share_buttons", "Teilen", "after"),
    ("share_buttons", "Поделиться", "after"),
    ("login_subscribe", "Sign in", "before"),
    ("login_subscribe", "Subscribe to our newsletter", "after"),
    ("login_subscribe", "Suscríbete a nuestro boletín", "after"),
    ("cookie_notice", "We use cookies to improve your experience on our website.", "after"),
    ("cookie_notice", "Accept all cookies", "after"),
    ("cookie_notice", "Diese Website verwendet Cookies, um Ihnen den besten Service zu bieten.", "after"),
    ("cookie_notice", "Nous utilisons des cookies pour mesurer l'audience.", "after"),
    ("advertisement", "Advertisement", "after"),
    ("advertisement", "Anzeige", "after"),
    ("advertisement", "Publicidad", "after"),
    ("advertisement", "Реклама", "after"),
    ("comments", "Leave a comment", "after"),
    ("comments", "12 Comments", "after"),
    ("comments", "Laisser un commentaire", "after"),
    ("legal_footer", "© 2025 Example Media Group. All rights reserved.", "after"),
    ("legal_footer", "Privacy Policy", "after"),
    ("legal_footer", "Impressum", "after"),
    ("legal_footer", "Tous droits réservés", "after"),
    ("legal_footer", "Все права защищены", "after"),
    ("nav_menu", "Menu", "before"),
    ("nav_menu", "Toggle navigation", "before"),
    ("nav_menu", "Startseite", "before"),
]


@pytest.mark.parametrize(("reason", "block", "where"), MUST_DROP, ids=[b for _, b, _ in MUST_DROP])
def test_drops_boilerplate_with_its_reason(reason: str, block: str, where: str) -> None:
    assert _reason_of(block, where=where) == (reason, False)


MUST_KEEP = [
    "The minister said cookies were not discussed at the summit, which focused on trade rules instead.",
    "Readers who share their stories with us are asked to sign in with a verified account first, "
    "the editor explained in a note published last week.",
    "Copyright law was changed in 2019, and the new rules on quotations apply to every newspaper "
    "in the country, large or small.",
    "Related research from the university suggests that the effect is smaller than expected, "
    "though the authors caution that their sample was limited.",
    "The menu at the new restaurant changes every week, and the chef buys most of the vegetables "
    "from farms within twenty kilometres of the city.",
]


@pytest.mark.parametrize("block", MUST_KEEP, ids=[b[:30] for b in MUST_KEEP])
def test_keeps_prose_that_mentions_boilerplate_words(block: str) -> None:
    assert _reason_of(block) == ("content", True)


# Phrases match whatever the accents and case (issue 15): scraped text often loses the accents
# of capitals ("A lire aussi") or of whole lines, and shouts in capitals.
FOLDED_DROP = [
    ("related_header", "A lire aussi :"),
    ("related_header", "A LIRE AUSSI"),
    ("related_header", "Zobacz rowniez"),
    ("related_header", "ZOBACZ RÓWNIEŻ"),
    ("related_header", "Ultimas noticias"),
    ("related_header", "Lo mas leido"),
    ("related_header", "Leia tambem"),
    ("related_header", "Ahnliche Artikel"),
    ("related_header", "читайте ТАКЖЕ"),
    ("skip_link", "Przejdz do tresci"),
    ("skip_link", "PRZEJDŹ DO TREŚCI"),
    ("legal_footer", "Mentions legales"),
    ("legal_footer", "POLITIQUE DE CONFIDENTIALITE"),
    ("legal_footer", "Datenschutzerklarung"),
    ("legal_footer", "Wszelkie prawa zastrzezone"),
    ("related_header", "I piu letti"),
    ("nav_menu", "STRONA GŁÓWNA"),
    ("nav_menu", "Strona glowna"),
]


@pytest.mark.parametrize(("reason", "block"), FOLDED_DROP, ids=[b for _, b in FOLDED_DROP])
def test_phrases_match_whatever_the_accents_and_case(reason: str, block: str) -> None:
    assert phrase_reason(block, len(block.split())) == reason
    assert _reason_of(block) == (reason, False)


FOLDED_KEEP = [
    # The folded phrase at the start of prose does not make the prose a phrase.
    "A lire aussi les commentaires de la ministre, on comprend mieux pourquoi le projet a été "
    "retiré avant le vote des députés mardi soir.",
    "Ultimas noticias de la alcaldía confirmaron que las obras del puente terminarán antes del "
    "verano, según el concejal de urbanismo.",
]


@pytest.mark.parametrize("block", FOLDED_KEEP, ids=[b[:30] for b in FOLDED_KEEP])
def test_folded_phrases_keep_prose(block: str) -> None:
    assert phrase_reason(block, len(block.split())) is None
    assert _reason_of(block) == ("content", True)


def test_user_phrases_match_whatever_the_accents_and_case() -> None:
    assert _reason_of("A LIRE AUSSI: le budget", drop_phrases=("À lire aussi",)) == ("user_drop", False)
    assert _reason_of("Vidéo : le maire répond", drop_phrases=("VIDEO",)) == ("user_drop", False)
    assert _reason_of("PUBLICITE", keep_phrases=("Publicité",)) == ("user_keep", True)
    # As before folding: a phrase starts at a word boundary.
    assert _reason_of("Supervideo", drop_phrases=("video",))[0] != "user_drop"


def test_teaser_links_after_a_related_header_go_with_it() -> None:
    page = "\n\n".join([*ARTICLE, "Read also:", "Council votes on new budget", "Library to open on Sundays"])
    reasons = [(b.reason, b.kept) for b in explain(page).blocks[len(ARTICLE) :]]
    assert reasons == [("related_header", False), ("related_links", False), ("related_links", False)]


def test_a_menu_of_short_lines_is_dropped() -> None:
    page = "\n\n".join(["Home", "World", "Business", "Sport", "Culture", *ARTICLE])
    result = explain(page)
    assert [b.kept for b in result.blocks[:5]] == [False] * 5
    assert all(b.kept for b in result.blocks[5:])


@pytest.mark.parametrize("block", ["|", "* * *", "»", "...", "👍🏽 🔥", "— · —"])
def test_a_block_without_words_is_dropped(block: str) -> None:
    assert _reason_of(block, where="after") == ("low_content", False)


def test_a_page_of_nothing_but_furniture_has_no_body() -> None:
    # Phrase data knows some of the blocks; the short lines it does not know are not kept in
    # their place as a fallback, as they would be on a page with no furniture at all.
    page = "Skip to content\n\nHome\n\nNews\n\nWeather\n\nShare on Facebook\n\n© 2025 The News"
    assert clean(page) == ""
    assert clean("Test page") == "Test page"


def test_user_patterns_drop_and_keep() -> None:
    assert _reason_of("Photo: Jane Doe / Agency", drop_patterns=(r"^Photo:",)) == ("user_drop", False)
    assert _reason_of("Advertisement", keep_phrases=("advertisement",)) == ("user_keep", True)
    assert _reason_of("Tip of the week", drop_phrases=("tip of the week",)) == ("user_drop", False)


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru"])
def test_every_language_has_phrase_data_for_the_common_reasons(language: str) -> None:
    from cleantext.phrases import PHRASES

    for reason in (
        "skip_link",
        "related_header",
        "share_buttons",
        "login_subscribe",
        "cookie_notice",
        "advertisement",
        "comments",
        "legal_footer",
        "nav_menu",
    ):
        assert PHRASES[reason].get(language), f"{reason} has no {language} phrases"


def test_contains_keywords_cover_their_phrases() -> None:
    """The literal prefilter may only skip blocks that no phrase of the reason could match."""
    from cleantext.phrases import CONTAINS, CONTAINS_KEYWORDS

    for reason, by_language in CONTAINS.items():
        for phrases in by_language.values():
            for phrase in phrases:
                assert any(k in phrase.lower() for k in CONTAINS_KEYWORDS[reason]), (reason, phrase)


def _title_case(reason: str, probability: float, is_prose: bool = False, words: int = 6) -> tuple[bool, ...]:
    """Run the headline rule over: a menu line, the candidate (of `words` words), two kept
    paragraphs, a later dropped line before more prose; return which blocks end up kept."""
    verdicts = Verdicts(
        [False, False, True, True, False, True],
        ["nav_menu", reason, "content", "content", "low_content", "content"],
        [None] * 6,
    )
    scores = Scores(
        [0.3, probability, 0.9, 0.9, 0.4, 0.9],
        [False, is_prose, True, True, False, True],
        [False] * 6,
        [True, False, False, False, False, False],
    )
    keep_title(verdicts, [1, words, 40, 40, 3, 40], scores, 0.25)
    return tuple(verdicts.kept)


def test_the_line_before_the_first_paragraph_is_kept_as_its_headline() -> None:
    # Only the first paragraph's headline: the dropped line before the last paragraph stays out.
    assert _title_case("low_content", 0.3) == (False, True, True, True, False, True)
    # A headline that a menu runs into is still the headline.
    assert _title_case("nav_menu", 0.3, words=6) == (False, True, True, True, False, True)


@pytest.mark.parametrize(
    ("reason", "probability", "is_prose", "words"),
    [
        ("nav_menu", 0.3, False, 2),
        ("low_content", 0.3, False, 1),
        ("low_content", 0.2, False, 6),
        ("low_content", 0.3, True, 6),
    ],
    ids=["short line ending a menu", "one-word label", "under half the threshold", "prose"],
)
def test_no_headline_from_a_menu_label_a_weak_line_or_prose(
    reason: str, probability: float, is_prose: bool, words: int
) -> None:
    assert _title_case(reason, probability, is_prose, words) == (False, False, True, True, False, True)


def test_a_menu_label_before_the_headline_goes_with_the_menu() -> None:
    # Issue 15: "Sport" right before the headline was kept as part of the article.
    page = (
        "Startseite\n\nPolitik\n\nWirtschaft\n\nKultur\n\nSport\n\n"
        "Stadtrat beschließt neues Radwegenetz für die Innenstadt\n\n"
        "Der Stadtrat hat am Dienstagabend mit großer Mehrheit ein neues Radwegenetz beschlossen. "
        "In den kommenden fünf Jahren sollen rund vierzig Kilometer neue Radwege entstehen.\n\n"
        "Die Kosten von etwa zwölf Millionen Euro teilen sich Stadt und Land, sagte der Bürgermeister "
        "nach der Sitzung, und die ersten Arbeiten beginnen schon im Frühjahr."
    )
    body = clean(page, language="de")
    assert body.startswith("Stadtrat beschließt neues Radwegenetz")
    assert "Sport" not in body.split("\n\n")
