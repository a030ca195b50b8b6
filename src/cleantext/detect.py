"""Tell what a string is before cleaning it: prose, an HTML document, or no text at all.

Two pure tests. ``sniff`` reads a whole page (eight windows of 128 characters spread over it)
and says ``"text"``, ``"html"`` or ``"not_text"`` with the measures behind the decision;
``junk_reason`` reads one block and names what makes it junk inside a normal page (a data URI, a
hex string, a line of minified script), or returns ``""`` for every ordinary block.

Both count byte classes at C speed: the text is encoded to UTF-8 and one ``bytes.translate``
maps every byte to a class letter (continuation bytes deleted, so one letter per character);
``bytes.count`` of a class, or of a pair of classes, then gives each share without a loop in
Python. A page pays for the prose test only; the junk measures are taken when a page shows too
little prose to be text at once. The figures behind the thresholds are in ``docs/detect.md``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, NamedTuple

__all__ = ["Kind", "Sniff", "is_junk_block", "junk_reason", "junk_reasons", "sniff"]

Kind = Literal["text", "html", "not_text"]


class Sniff(NamedTuple):
    """What ``sniff`` decided about a string, and the measures it decided on.

    Shares are of the sampled characters (``control_share``, ``replacement_share``, ``tag_rate``)
    or of the sampled non-space characters. The first four measures are always taken; the others
    are ``None`` when the decision did not need them (a page rich in prose is not searched for
    junk; only a string that opens with a tag has its tags counted).
    """

    kind: Kind
    #: The test that decided: ``doctype``, ``document``, ``fragment`` (html); ``binary``,
    #: ``json``, ``random``, ``hex``, ``code``, ``unspaced``, ``symbols`` (not_text); ``prose``,
    #: ``plain``, ``short`` (text).
    rule: str
    #: Characters read: the whole string up to 1,024 characters, else eight windows of 128.
    sampled_chars: int
    #: C0 controls other than white space, and DEL.
    control_share: float
    #: U+FFFD, what a decoder puts for bytes it cannot read.
    replacement_share: float
    #: Words of three or more ASCII letters after white space, plus letters of other scripts.
    prose_share: float
    #: Switches of case or between letter and digit inside ASCII text ("aB", "a1", "1a", "A1", "1A").
    flip_rate: float | None = None
    #: Letters "a"-"f" among the ASCII letters.
    hex_letter_share: float | None = None
    #: Digits among the ASCII letters and digits.
    digit_share: float | None = None
    #: "{", "}", ";" and JSON keys ('":').
    code_share: float | None = None
    #: Mean length of a run of visible ASCII characters.
    mean_run: float | None = None
    #: ASCII punctuation and symbols.
    punct_share: float | None = None
    #: Tags ("<a", "</", "<!") per 100 characters of the 4,096 from the string's first tag.
    tag_rate: float | None = None


# -- byte classes ------------------------------------------------------------------------------

# One letter per class. A character outside ASCII is classed by the UTF-8 lead byte of its code
# point, i.e. by its stretch of the Unicode table: exact enough for shares.
_ASCII_LETTER, _DIGIT, _SPACE, _CONTROL, _CODE, _PUNCT = b"a", b"0", b" ", b"x", b"{", b"."
_LETTER, _OTHER = b"L", b"o"


def _byte_classes() -> bytes:
    table = bytearray(256)
    for byte in range(256):
        char = chr(byte)
        if "a" <= char <= "z" or "A" <= char <= "Z":
            cls = _ASCII_LETTER
        elif "0" <= char <= "9":
            cls = _DIGIT
        elif char in " \t\n\r\x0b\x0c":
            cls = _SPACE
        elif byte < 0x20 or byte == 0x7F:
            cls = _CONTROL
        elif char in "{};":
            cls = _CODE
        elif byte < 0x80:
            cls = _PUNCT
        elif byte in (0xC2, 0xE2, 0xEE, 0xEF) or byte >= 0xF0:
            # Neither letters nor junk: U+0080-00BF (C1 controls, no-break space, Latin-1 signs),
            # U+2000-2FFF (punctuation, currency, arrows, maths, box drawing, dingbats),
            # U+E000-FFFF (private use as in icon fonts, full-width forms, specials), and the
            # planes beyond (emoji, rare CJK, historic scripts).
            cls = _OTHER
        else:
            # Latin-1 letters onwards: Greek, Cyrillic, Hebrew, Arabic, Indic, Thai, Hangul, kana,
            # CJK ideographs (continuation bytes are deleted before this table applies).
            cls = _LETTER
        table[byte] = cls[0]
    return bytes(table)


_CLASSES = _byte_classes()
_CONTINUATION = bytes(range(0x80, 0xC0))
# Visible ASCII classes to "v", the rest to " ": runs of "v" are ASCII tokens.
_VISIBLE = bytes(ord("v") if bytes([b]) in b"a0{." else ord(" ") for b in range(256))
# Case and digits of ASCII, the rest to " " (continuation bytes are deleted with this table too).
_CASES = bytes(
    ord("a")
    if chr(b).islower() and b < 0x80
    else ord("A")
    if chr(b).isupper() and b < 0x80
    else ord("0")
    if chr(b).isdigit() and b < 0x80
    else ord(" ")
    for b in range(256)
)
# ASCII letters that are hex digits to "h", the other ASCII letters to "g".
_HEX = bytes(
    ord("h") if chr(b) in "abcdefABCDEF" else ord("g") if chr(b).isalpha() and b < 0x80 else 0
    for b in range(256)
)
_REPLACEMENT = "\ufffd".encode()


def _classes(text: str) -> tuple[bytes, bytes]:
    """The UTF-8 bytes of a string and its class letters, one per character."""
    raw = text.encode("utf-8", "replace")  # a lone surrogate becomes "?"
    return raw, raw.translate(_CLASSES, _CONTINUATION)


class _Prose(NamedTuple):
    chars: int
    non_space: int
    control: int
    replacement: int
    words: int
    letters: int  # of scripts other than ASCII


def _count_prose(raw: bytes, cls: bytes) -> _Prose:
    chars = len(cls)
    return _Prose(
        chars=chars,
        non_space=chars - cls.count(_SPACE),
        control=cls.count(_CONTROL),
        replacement=raw.count(_REPLACEMENT),
        words=cls.count(b" aaa"),
        letters=cls.count(_LETTER),
    )


class _Junk(NamedTuple):
    flips: int
    digits: int
    hex_letters: int
    other_letters: int  # ASCII letters after "f"
    code: int
    punct: int
    runs: int
    visible: int


def _count_junk(raw: bytes, cls: bytes) -> _Junk:
    code = cls.count(_CODE)
    visible = cls.translate(_VISIBLE)
    cases = raw.translate(_CASES, _CONTINUATION)
    hex_classes = raw.translate(_HEX)
    return _Junk(
        flips=cases.count(b"aA")
        + cases.count(b"a0")
        + cases.count(b"0a")
        + cases.count(b"A0")
        + cases.count(b"0A"),
        digits=cls.count(_DIGIT),
        hex_letters=hex_classes.count(b"h"),
        other_letters=hex_classes.count(b"g"),
        code=code + raw.count(b'":'),
        punct=code + cls.count(_PUNCT),
        runs=visible.count(b" v") + visible.startswith(b"v"),
        visible=visible.count(b"v"),
    )


# -- the page ----------------------------------------------------------------------------------

_WINDOW = 128
_WINDOWS = 8

# Fewer visible characters than this are too few to call junk: a title, "Test", a product code.
_MIN_NON_SPACE = 64
# libmagic's text test (file(1), encoding.c) calls a file data at the first byte it never sees in
# text: NUL, the other C0 controls but white space and ESC, DEL. Scraped pages carry a stray one
# now and then, so a share decides; real pages have none to speak of, binary read as Latin-1 or
# UTF-8 a tenth or more. C1 controls are no sign: UTF-8 text misread as Latin-1 is full of them,
# and ftfy repairs it. U+FFFD is what a UTF-8 decoder leaves of binary with errors="replace" (two
# characters in five of random bytes); Czech read from cp1250 as UTF-8 leaves one in seven and is
# still read.
_MAX_CONTROL_SHARE = 0.01
# How many times more control and replacement characters a page with prose may hold.
_PROSE_CONTROL_FACTOR = 10.0
_MAX_REPLACEMENT_SHARE = 0.25
# Natural language shows itself as words after white space (Gopher's "80% of words contain an
# alphabetic character", counted on words of three letters and more) or as letters of a script
# written without spaces (CJK, Thai). Real pages show one such word in every seven to twenty
# visible characters; base64, hex, minified script and CSS one in thirty or fewer.
_MIN_PROSE_SHARE = 0.05
# Without that evidence of prose a page is junk when it shows the signature of one kind of junk,
# and text otherwise (a table of numbers shows none):
# case and letter-digit switches of random alphanumerics (base64 four in ten characters, hex
# five, English prose almost none: an entropy measure that needs no table);
_MAX_FLIP_RATE = 0.1
# hex digits only, as in a hex dump (its runs of zeros switch too seldom for the test above):
# mostly letters and digits, most letters from "a"-"f" (English has three in ten), with digits
# and letters both;
_MIN_HEX_ALNUM_SHARE = 0.5
_MIN_HEX_LETTER_SHARE = 0.6
_MIN_HEX_DIGIT_SHARE = 0.25
_MAX_HEX_DIGIT_SHARE = 0.97
# braces, semicolons and JSON keys of code and data (C4 drops any page with a "{");
_MAX_CODE_SHARE = 0.01
# long runs without white space (Gopher drops documents whose mean word length exceeds 10; URLs
# in real pages make us allow more);
_MAX_MEAN_RUN = 15.0
# or mostly punctuation (Gopher's symbol-to-word ratio).
_MAX_PUNCT_SHARE = 0.5

# An HTML document opens, after a byte order mark, white space, comments, processing instructions
# and any scripts or styles put before it, with its doctype or its root element (the WHATWG
# parser's "initial" and "before html" insertion modes accept all of these).
_LEADING = re.compile(r"[\ufeff \t\r\n\x0c]*")
_PROLOGUE_CHARS = 16_384
_PROLOGUE = re.compile(
    r"\s*(?:<!--.*?-->|<\?.*?>|<(script|style)\b.*?</\1\s*>)\s*", re.DOTALL | re.IGNORECASE
)
_DOCTYPE = re.compile(r"<!doctype\s+html[\s>]", re.IGNORECASE)
_FIRST_TAG = re.compile(r"<([a-z][a-z0-9-]*)[\s/>]", re.IGNORECASE)
_ROOTS = frozenset({"html", "head", "body"})
# A string that opens with any other tag is markup when the 4,096 characters from that tag hold a
# pair of tags, one of them a closing tag (prose names an opening tag far more often than it closes one),
# and, for a fragment, when most of their lines start with a tag: prose that opens with "<p> is
# ..." fails both, scraped text that opens with a line of leftover markup fails the second.
_HEAD_CHARS = 4096
_MIN_TAGS = 2
_MIN_TAG_LINE_SHARE = 0.5
_TAG = re.compile(r"<[A-Za-z/!]")
_TAG_LINE = re.compile(r"^[ \t]*<[A-Za-z/!]", re.MULTILINE)
_LINE = re.compile(r"^[ \t]*\S", re.MULTILINE)

# A JSON document or JSON Lines: an object or array from first to last character, with a key in
# its first lines. Such a string is data even where its values hold prose.
_JSON_START = re.compile(r'\s*(?:\{\s*"|\[\s*[\[{"\d-])')
_JSON_END = re.compile(r"[}\]]\s*$")
_JSON_KEY_CHARS = 4096


def _sample(text: str) -> str:
    """The whole string when short, else eight windows spread evenly over it."""
    if len(text) <= _WINDOW * _WINDOWS:
        return text
    stride = (len(text) - _WINDOW) // (_WINDOWS - 1)
    return "\n".join([text[i * stride : i * stride + _WINDOW] for i in range(_WINDOWS)])


def _markup_start(text: str) -> tuple[str, int]:
    """``doctype``, ``document`` (<html>, <head> or <body> first) or ``fragment`` (another tag
    first) when the string opens like markup, else ``""``; and where that first tag stands."""
    leading = _LEADING.match(text)
    pos = leading.end() if leading else 0
    if not text.startswith("<", pos):
        return "", pos
    end = pos + _PROLOGUE_CHARS
    while (skipped := _PROLOGUE.match(text, pos, end)) is not None:
        pos = skipped.end()
    if _DOCTYPE.match(text, pos, end):
        return "doctype", pos
    tag = _FIRST_TAG.match(text, pos, end)
    if tag is None:
        return "", pos
    return ("document" if tag.group(1).lower() in _ROOTS else "fragment"), pos


def _is_json(text: str) -> bool:
    return (
        _JSON_START.match(text) is not None
        and _JSON_END.search(text[-64:]) is not None
        and '":' in text[:_JSON_KEY_CHARS]
    )


def _is_hex(junk: _Junk, non_space: int) -> bool:
    letters = junk.hex_letters + junk.other_letters
    alnum = letters + junk.digits
    return (
        alnum >= _MIN_HEX_ALNUM_SHARE * non_space
        and junk.hex_letters >= _MIN_HEX_LETTER_SHARE * letters
        and _MIN_HEX_DIGIT_SHARE * alnum <= junk.digits <= _MAX_HEX_DIGIT_SHARE * alnum
    )


def sniff(text: str) -> Sniff:
    """Say whether a string is prose (``"text"``), an HTML document or no text at all.

    >>> sniff("<!DOCTYPE html><html><head><title>Hi</title></head></html>").kind
    'html'
    >>> sniff("Prose that mentions the <p> tag is prose, and so is a line of 数字 and 文字.").kind
    'text'
    >>> sniff("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")[:2]
    ('not_text', 'random')
    """
    if not isinstance(text, str):
        raise TypeError(f"sniff() takes str, not {type(text).__name__}; decode bytes first")
    raw, cls = _classes(_sample(text))
    prose = _count_prose(raw, cls)
    chars = max(prose.chars, 1)
    kind, rule, measures = _decide(text, raw, cls, prose)
    return Sniff(
        kind,
        rule,
        sampled_chars=prose.chars,
        control_share=prose.control / chars,
        replacement_share=prose.replacement / chars,
        prose_share=(prose.words + prose.letters) / max(prose.non_space, 1),
        **measures,
    )


def _decide(text: str, raw: bytes, cls: bytes, prose: _Prose) -> tuple[Kind, str, dict[str, float]]:
    """The kind, the rule that decided it, and the measures beyond prose read on the way."""
    measures: dict[str, float] = {}
    start, pos = _markup_start(text)
    if start == "doctype":
        return "html", start, measures
    if start:
        head = text[pos : pos + _HEAD_CHARS]
        tags = len(_TAG.findall(head))
        measures["tag_rate"] = 100 * tags / max(len(head), 1)
        # A string that opens with <html>, <head> or <body> and goes on in tags is a document
        # even before its first end tag (a deep nest of elements: thousands of opening tags).
        if start == "document" and tags >= _MIN_TAGS:
            return "html", start, measures
        if tags >= _MIN_TAGS and "</" in head:
            # A short string of tags ("<b>Menu</b>") is too little to call a document.
            if len(head.strip()) >= _MIN_NON_SPACE and len(_TAG_LINE.findall(head)) >= (
                _MIN_TAG_LINE_SHARE * len(_LINE.findall(head))
            ):
                return "html", start, measures

    chars = max(prose.chars, 1)
    non_space = max(prose.non_space, 1)
    # Control characters in prose (a NUL, terminal escapes in a log pasted into an article) do
    # not make it binary; in a page without prose, a few do (own measurement: real executables
    # are a third controls, random bytes read as Latin-1 a tenth).
    is_prose = prose.words + prose.letters >= _MIN_PROSE_SHARE * non_space
    share = 1.0 if not is_prose else _PROSE_CONTROL_FACTOR
    if (
        prose.control > share * _MAX_CONTROL_SHARE * chars
        or prose.replacement > share * _MAX_REPLACEMENT_SHARE * chars
    ):
        return "not_text", "binary", measures
    if prose.non_space < _MIN_NON_SPACE:
        return "text", "short", measures
    if _is_json(text):
        return "not_text", "json", measures
    if is_prose:
        return "text", "prose", measures

    junk = _count_junk(raw, cls)
    letters = junk.hex_letters + junk.other_letters
    measures.update(
        flip_rate=junk.flips / non_space,
        hex_letter_share=junk.hex_letters / max(letters, 1),
        digit_share=junk.digits / max(letters + junk.digits, 1),
        code_share=junk.code / non_space,
        mean_run=junk.visible / max(junk.runs, 1),
        punct_share=junk.punct / non_space,
    )
    if junk.flips > _MAX_FLIP_RATE * non_space:
        return "not_text", "random", measures
    if _is_hex(junk, non_space):
        return "not_text", "hex", measures
    if junk.code > _MAX_CODE_SHARE * non_space:
        return "not_text", "code", measures
    if junk.visible > _MAX_MEAN_RUN * max(junk.runs, 1):
        return "not_text", "unspaced", measures
    if junk.punct > _MAX_PUNCT_SHARE * non_space:
        return "not_text", "symbols", measures
    return "text", "plain", measures


# -- one block ---------------------------------------------------------------------------------

# Shorter blocks are never junk: a product code, a UUID, a date, a short line of anything.
_BLOCK_MIN_CHARS = 40
# A block with a space in every twelve characters or more is spaced like prose, a table row or a
# line of pretty-printed code, and is kept without a closer look (own measurement: English prose
# has one in six to nine, a data URI, a hex string or a minified line one in thirty or fewer).
_BLOCK_SPACED = 12
# A long block is judged on its head and its tail.
_BLOCK_SAMPLE = 512
# Binary read as Latin-1 has a tenth of C0 controls (C1 controls are no sign, as above).
_BLOCK_MAX_CONTROL_SHARE = 0.05
_BLOCK_MAX_REPLACEMENT_SHARE = 0.25
# Words after spaces (long-worded prose, a list of references) or letters of another script (a
# line of CJK or Thai): never junk.
_BLOCK_MIN_WORD_SHARE = 0.05
_BLOCK_MIN_LETTER_SHARE = 0.25
# A block is junk when blobs make up this much of its visible characters: a hash or an ID inside
# a line of a log or of a command ("version: 3d3c7e8b...1630 (focal)") keeps the line.
_BLOCK_MIN_BLOB_SHARE = 0.8
# Blobs: a data: URI in base64; a hex string (digits and letters both) as long as an MD5 or more;
# a long token switching case or letter and digit as base64 does (four switches in ten
# characters, where a path with a UUID in it has two).
_DATA_URI = re.compile(r"data:[\w.+-]+/[\w.+-]+[^,\s]*;base64,")
_HEX_BLOB = re.compile(r"[0-9a-fA-F]{32,}")
_HEX_BLOB_CHARS = 32
_RANDOM_BLOB_CHARS = 64
_MIN_BLOB_FLIP_RATE = 0.3
_BLOB_QUOTES = "\"'`()[]{}<>,;"
# A line of minified script, CSS or JSON: long, with braces, semicolons or keys, and no prose. A
# block of several lines (a code listing that segmentation kept whole) is not minified.
_BLOCK_CODE_CHARS = 200
_BLOCK_MAX_CODE_SHARE = 0.02
# A bare URL keeps its random-looking identifiers (a document ID, a video ID); a data: URI is not
# a URL here.
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)\S+")


def _blob_kind(token: str) -> str:
    if _DATA_URI.search(token):
        return "data_uri"
    token = token.strip(_BLOB_QUOTES)
    if (
        len(token) >= _HEX_BLOB_CHARS
        and _HEX_BLOB.fullmatch(token)
        and not token.isdigit()
        and not token.isalpha()
    ):
        return "hex"
    if len(token) >= _RANDOM_BLOB_CHARS:
        raw, cls = _classes(token)
        if _count_junk(raw, cls).flips >= _MIN_BLOB_FLIP_RATE * len(cls):
            return "random"
    return ""


def junk_reason(block: str) -> str:
    """Name what makes one block junk inside a page, or return ``""`` for an ordinary block.

    Reasons: ``binary`` (control or replacement characters), ``data_uri``, ``hex``, ``random``
    (base64 and the like), ``code`` (a line of minified script, CSS or JSON).

    >>> junk_reason('<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4">')
    'data_uri'
    >>> junk_reason("The council approved the budget on Monday, after a long debate.")
    ''
    """
    n = len(block)
    if n < _BLOCK_MIN_CHARS or block.count(" ") * _BLOCK_SPACED >= n:
        return ""
    if _URL.fullmatch(block.strip()):
        return ""
    one_line = "\n" not in block
    if n > 2 * _BLOCK_SAMPLE:
        block = block[:_BLOCK_SAMPLE] + "\n" + block[-_BLOCK_SAMPLE:]
    raw, cls = _classes(block)
    prose = _count_prose(raw, cls)
    if (
        prose.control > _BLOCK_MAX_CONTROL_SHARE * prose.chars
        or prose.replacement > _BLOCK_MAX_REPLACEMENT_SHARE * prose.chars
    ):
        return "binary"
    if (
        prose.words >= _BLOCK_MIN_WORD_SHARE * prose.non_space
        or prose.letters >= _BLOCK_MIN_LETTER_SHARE * prose.non_space
    ):
        return ""
    blob_chars = 0
    kinds = []
    for token in block.split():
        kind = _blob_kind(token) if len(token) >= _HEX_BLOB_CHARS else ""
        if kind:
            blob_chars += len(token)
            kinds.append(kind)
    if kinds and blob_chars >= _BLOCK_MIN_BLOB_SHARE * prose.non_space:
        return max(kinds, key=kinds.count)
    if (
        one_line
        and n >= _BLOCK_CODE_CHARS
        and _count_junk(raw, cls).code > _BLOCK_MAX_CODE_SHARE * prose.non_space
    ):
        return "code"
    return ""


def junk_reasons(blocks: Sequence[str]) -> list[str]:
    """junk_reason() of every block of a page, the short and well-spaced ones (nearly all)
    answered without a call.

    >>> junk_reasons(["Menu", "9f86d081884c7d659a2feaea0c55ad015a3bf4b19b0df6cb4e1a6b5e5d8f6a71"])
    ['', 'hex']
    """
    return [
        "" if len(b) < _BLOCK_MIN_CHARS or b.count(" ") * _BLOCK_SPACED >= len(b) else junk_reason(b)
        for b in blocks
    ]


def is_junk_block(block: str) -> bool:
    """Whether one block is junk inside a page: ``junk_reason(block) != ""``.

    >>> is_junk_block("9f86d081884c7d659a2feaea0c55ad015a3bf4b19b0df6cb4e1a6b5e5d8f6a71")
    True
    """
    return junk_reason(block) != ""
