"""Classes of furniture that phrase data must know in all its languages (issue 15): share bars,
tag lists, "Read more: <headline>" teasers and recommendation headers. One table per rule of
blocks it must drop, and look-alikes (prose that uses the same words) it must keep."""

from __future__ import annotations

import pytest

from cleantext import explain
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


def _reasons(*blocks: str) -> list[tuple[str, bool]]:
    """(reason, kept) of `blocks` placed after the article."""
    result = explain("\n\n".join([*ARTICLE, *blocks]))
    return [(b.reason, b.kept) for b in result.blocks[len(ARTICLE) :]]


def _words(block: str) -> int:
    return len(block.split())


SHARE_DROP = [
    # Buttons whose labels the scraper ran together, or a bar of them.
    "ShareTweetPin",
    "Share Tweet Email",
    "FacebookTwitterLinkedIn",
    "Facebook X (Twitter) Instagram YouTube",
    "TwitterFacebookWhatsAppGoogle+Buffer",
    "Share | Tweet | Pin | Email",
    "Facebook, WhatsApp, Telegram, Copy link",
    "ВКонтакте Одноклассники Telegram",
    "Teilen Drucken",
    # A share label, in every language.
    "Share this article",
    "Share on:",
    "Share via email",
    "Share with your friends",
    "Pin it on Pinterest",
    "Jetzt teilen auf:",
    "Teilen:",
    "Artikel teilen",
    "Auf Facebook teilen",
    "Partager sur :",
    "Partagez cet article",
    "Compartir en:",
    "Comparte esta noticia",
    "Condividi su",
    "Condividi questo articolo",
    "Compartilhe:",
    "Partilhe este artigo",
    "Delen via:",
    "Deel dit artikel",
    "Udostępnij:",
    "Udostępnij na Facebooku",
    "Podziel się artykułem",
    "Поделиться:",
    "Поделиться статьей",
    "Поделитесь с друзьями",
]


@pytest.mark.parametrize("block", SHARE_DROP)
def test_share_buttons_go(block: str) -> None:
    assert phrase_reason(block, _words(block)) == "share_buttons"
    assert _reasons(block) == [("share_buttons", False)]


SHARE_KEEP = [
    "He said he would share the tweet with his followers.",
    "Facebook and Twitter both refused to comment on the draft law on Tuesday.",
    "Teilen Sie uns Ihre Meinung mit: Die Stadt sammelt bis Freitag Vorschläge zum neuen Radweg.",
    "Partager les frais de garde entre voisins permet aux familles d'économiser plusieurs centaines d'euros.",
    "32 x 42 x 39 cm",
    "1 pin",
]


@pytest.mark.parametrize("block", SHARE_KEEP)
def test_share_look_alikes_stay(block: str) -> None:
    assert phrase_reason(block, _words(block)) is None


TAG_HEADER_DROP = ["Tags:", "Tagged:", "Tagged with", "Article Tags:", "Schlagwörter:", "Étiquettes :",
                   "Etiquetas:", "Tag:", "Marcadores:", "Trefwoorden:", "Tagi:", "Теги:", "Метки:"]  # fmt: skip


@pytest.mark.parametrize("block", TAG_HEADER_DROP)
def test_a_tag_header_goes_with_the_tags_under_it(block: str) -> None:
    assert phrase_reason(block, _words(block)) == "related_header"
    reasons = _reasons(block, "Politics", "Regional council", "Transport")
    assert reasons == [("related_header", False)] + [("related_links", False)] * 3


TAG_LINE_DROP = [
    "Tags: politics, transport, regional council",
    "Tagged: council, buses",
    "Schlagwörter: Verkehr, Stadtrat",
    "Étiquettes : transports, conseil régional",
    "Etiquetas: transporte, ayuntamiento",
    "Tag: trasporti, consiglio regionale",
    "Tagi: transport, rada miasta",
    "Теги: транспорт, городской совет",
]


@pytest.mark.parametrize("block", TAG_LINE_DROP)
def test_a_line_of_tags_goes(block: str) -> None:
    assert phrase_reason(block, _words(block)) == "nav_menu"
    assert _reasons(block) == [("nav_menu", False)]


TAG_KEEP = [
    "Tags are small labels that readers click to find other articles on the same subject.",
    "Tagged birds were followed by satellite for three years, the researchers said.",
    "Tag der offenen Tür",
    "Tag 1",
]


@pytest.mark.parametrize("block", TAG_KEEP)
def test_tag_look_alikes_stay(block: str) -> None:
    assert phrase_reason(block, _words(block)) is None


def test_a_bare_tags_line_opens_no_section() -> None:
    # Without its colon, "Tags" may stand over a shop's product details: only the line goes.
    reasons = _reasons("Tags", "Release date: 21 August 2012", "Developer: Valve")
    assert reasons[0] == ("nav_menu", False)
    assert all(reason != "related_links" for reason, _ in reasons)


TEASER_DROP = [
    "Read more: How the new bus plan will change your commute",
    "READ MORE: Council votes on the budget",
    "Also read: Ten things to know about the transport plan",
    "» Related: How to save money on rail tickets",
    "See also: Public transport in the region",
    "Lesen Sie auch: So funktioniert der neue Fahrplan",
    "À lire aussi : Le budget des transports adopté",
    "A LIRE AUSSI >> Le budget des transports adopte",
    "Lee también: El ayuntamiento aprueba el presupuesto",
    "Leggi anche: Il consiglio approva il bilancio",
    "Leia também: Câmara aprova orçamento",
    "Lees ook: Gemeenteraad keurt begroting goed",
    "Czytaj także: Rada miasta przyjęła budżet",
    "Читайте также: Горсовет утвердил бюджет",
]


@pytest.mark.parametrize("block", TEASER_DROP)
def test_a_read_more_teaser_goes(block: str) -> None:
    assert phrase_reason(block, _words(block)) == "related_links"
    assert _reasons(block) == [("related_links", False)]


TEASER_KEEP = [
    "Read more about the plan on the council's website, where the full text is published.",
    "See also the table below, which lists every stop on the new line and its opening date.",
    "Read more: the council's report, published on Tuesday, sets out in detail how each of the new "
    "routes will be paid for over the next ten years.",
]


@pytest.mark.parametrize("block", TEASER_KEEP)
def test_teaser_look_alikes_stay(block: str) -> None:
    assert phrase_reason(block, _words(block)) is None
    assert _reasons(block) == [("content", True)]


def test_a_teaser_between_paragraphs_opens_no_section() -> None:
    # The subheading after an inline teaser belongs to the article.
    page = [
        ARTICLE[0],
        "Read more: Council votes on the budget",
        "What changes for commuters",
        ARTICLE[1],
        ARTICLE[2],
    ]
    reasons = [(b.reason, b.kept) for b in explain("\n\n".join(page)).blocks]
    assert reasons[1] == ("related_links", False)
    assert all(kept for _, kept in reasons[2:])


RECOMMEND_DROP = [
    "DW recommends",
    "Editors' picks",
    "Recommended for you",
    "We recommend",
    "Die Redaktion empfiehlt",
    "Empfehlungen der Redaktion",
    "La rédaction vous recommande",
    "Recommandé pour vous",
    "Te recomendamos",
    "La DW recomienda",
    "Ti consigliamo",
    "Consigliati per te",
    "A DW recomenda",
    "Aanbevolen voor jou",
    "Redakcja poleca",
    "Polecamy",
    "Редакция рекомендует",
    "Выбор редакции",
]


@pytest.mark.parametrize("block", RECOMMEND_DROP)
def test_a_recommendation_header_goes_with_its_teasers(block: str) -> None:
    assert phrase_reason(block, _words(block)) == "related_header"
    reasons = _reasons(block, "Rail strike ends after three days", "City votes on rent cap")
    assert reasons == [("related_header", False), ("related_links", False), ("related_links", False)]


RECOMMEND_KEEP = [
    "The WHO recommends that adults get at least 150 minutes of exercise a week.",
    "Our recommendations",  # a buying guide's own list follows it
    "Recommendations",  # a report's section
    "Recommended courses:",
    "Die Kommission empfiehlt, die Grenzwerte bis 2030 zu senken.",
]


@pytest.mark.parametrize("block", RECOMMEND_KEEP)
def test_recommendation_look_alikes_stay(block: str) -> None:
    assert phrase_reason(block, _words(block)) is None
