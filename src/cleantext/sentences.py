"""Data: abbreviations that do not end a sentence, per language, for the offline Punkt tokenizer.

Punkt (Kiss & Strunk 2006) learns these from a corpus; nltk ships its trained models only through
its downloader, which cannot run offline, so cleantext gives Punkt the common abbreviations itself.
Entries are lower case, without the final period, as Punkt stores them.
"""

from __future__ import annotations

__all__ = ["ABBREVIATIONS", "abbreviations"]

_COMMON = """
a.m p.m e.g i.e etc vs approx ca no nos vol vols fig figs pp ed eds cf al jr sr st
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
"""

ABBREVIATIONS: dict[str, str] = {
    "en": """
        mr mrs ms dr prof rev gen col lt sgt capt cmdr adm gov sen rep pres hon messrs mt ft
        inc ltd co corp bros dept univ assn est ave blvd rd u.s u.k u.n e.u d.c u.s.a
        a.d b.c no dist jr sr esq ph.d m.d b.a m.a
    """,
    "de": """
        z.b d.h u.a usw bzw ggf evtl inkl ca nr str tel hr fr dr prof dipl ing geb gest
        vgl s.o s.u u.ä o.ä bspw mio mrd jh jhd abs lt gem sog z.t u.u
    """,
    "fr": """
        m mm mme mmes mlle dr pr me st ste av bd env p.ex c.-à-d etc cf hab tél
    """,
    "es": """
        sr sra srta sres dr dra d dña lic ing arq av avda c p.ej pág págs núm tel etc ee.uu
        ud uds vd vds
    """,
    "it": """
        sig sigg sig.ra dott dott.ssa prof ing avv arch on sen geom rag ecc p.es pag tel
    """,
    "pt": """
        sr sra srs dr dra prof eng arq av pág págs tel etc ex p.ex nº lda
    """,
    "nl": """
        dhr mevr mr dr prof ir ing drs bijv bv d.w.z m.a.w o.a enz etc nr blz tel vs
    """,
    "pl": """
        ul al pl nr tel godz r w np tzn itd itp m.in dr prof inż mgr hab ok tys mln mld zł
    """,
    "ru": """
        г гг ул д стр т.е т.д т.п др пр им тыс млн млрд руб коп см рис напр проф
    """,
}


def abbreviations(language: str) -> frozenset[str]:
    """Return the abbreviations for `language`, or for every language when it is "auto"."""
    codes = ABBREVIATIONS if language == "auto" else (language,)
    words = set(_COMMON.split())
    for code in codes:
        words.update(ABBREVIATIONS.get(code, "").split())
    return frozenset(words)
