"""Data: the most frequent function words per language (jusText's stopword-density cue).

Prose is dense in function words; menus, link lists and labels are not (Pomikálek 2011, jusText).
These short lists are our own; they need not be complete, only frequent.
"""

from __future__ import annotations

import functools

__all__ = ["STOPWORDS", "stopwords"]

STOPWORDS: dict[str, str] = {
    "en": """the a an and or but of to in on at by for with from as is are was were be been being
        it its this that these those he she they we you i his her their our your my me him them us
        not no so if than then there here which who whom whose what when where why how all any
        some can could would should will shall may might must do does did have has had about into
        over after before also just more most such only other very""",
    "de": """der die das den dem des ein eine einer eines einem einen und oder aber nicht auch
        ist sind war waren wird werden wurde wurden hat haben hatte sein zu im in am an auf aus
        bei mit nach von vor für über unter um durch als wie wenn dass daß es er sie wir ihr ich
        du man sich noch nur schon so dann doch sehr mehr kann können muss diese dieser dieses
        zum zur was wer wo""",
    "fr": """le la les l un une des du de d et ou mais ne pas plus est sont était été être a ont
        avait au aux en dans sur par pour avec sans sous ce cette ces cet il elle ils elles on
        nous vous je tu se sa son ses leur leurs qui que qu quoi dont où si comme aussi très
        tout tous toute y lui même""",
    "es": """el la los las un una unos unas y o pero no es son era fue ser está están estaba ha
        han había de del al a en por para con sin sobre entre que qué quien como cuando donde
        se su sus lo le les me te nos este esta estos estas ese esa muy más también ya yo él
        ella ellos nosotros""",
    "it": """il lo la i gli le un uno una e o ma non è sono era erano essere ha hanno aveva di
        del della dei degli delle da dal dalla in nel nella con su sul sulla per tra fra che chi
        come quando dove se si suo sua suoi loro questo questa quello quella molto più anche
        già io lui lei noi voi""",
    "pt": """o a os as um uma uns umas e ou mas não é são era foi ser está estão estava tem têm
        de do da dos das em no na nos nas por pelo pela para com sem sobre entre que quem como
        quando onde se seu sua seus suas lhe este esta esse essa isso muito mais também já eu
        ele ela eles nós""",
    "nl": """de het een en of maar niet is zijn was waren wordt worden werd heeft hebben had van
        in op aan met voor door naar bij uit over als dan dat die dit deze er hij zij ze we wij
        je jij ik u men zich ook nog al wel zo meer om te tot wat wie waar""",
    "pl": """i w na z do nie się że to jest są był była było być jak ale lub oraz a o od po przez
        dla przy za pod nad ten ta te tego tej tym jego jej ich go mu on ona oni my wy ja ty co
        kto gdzie kiedy który która które także też już tylko bardzo może""",
    "ru": """и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по
        только ее мне было вот от меня еще нет о из ему теперь когда даже ну ли если уже или ни
        быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где
        есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет
        это этот эта эти который которые""",
}


@functools.cache
def stopwords(language: str) -> frozenset[str]:
    """Return the stopwords of `language`, or of every language when it is "auto"."""
    codes = STOPWORDS if language == "auto" else (language,)
    return frozenset(word for code in codes for word in STOPWORDS.get(code, "").split())
