"""Hostile input: every class of the issue gives its documented result through clean, explain
and the command line.

Sizes are modest so that the file runs in seconds; the same classes at full size (20 MB on one
line, 200,000 lines, 5,000 paragraphs), with their time and memory, are in
``benchmarks/stress.py`` and ``docs/performance.md``. No test here measures time.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleantext import REASONS, clean, explain
from cleantext.detect import sniff

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_4492f097607dd5f0.txt"
GOLDEN = sorted(p for p in (ROOT / "tests" / "golden").glob("*.txt") if not p.name.endswith(".expected.txt"))

PROSE = "The council approved the budget on Monday, after a long debate about the new library."
PARAGRAPH = (
    "The council approved the budget on Monday, after a long debate about the new library. "
    "Opening hours will be longer from spring, and the reading rooms get new furniture. "
    "Critics said the plan was too expensive; the mayor answered that it would pay for itself."
)
# Anything but tab, newline and printable text: what an article body never holds.
CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u200b\u202a-\u202e\u2066-\u2069]"
)


def _check_contract(text: str) -> str:
    """clean == explain().text, the output is valid UTF-8 without control characters, and cleaning
    it again changes nothing (for text; an HTML document's body is text); return it."""
    result = explain(text)
    assert clean(text) == result.text
    result.text.encode("utf-8")  # strict: a lone surrogate would raise here
    assert CONTROL.search(result.text) is None
    assert "\r" not in result.text
    assert all(block.reason in REASONS for block in result.blocks)
    if sniff(text).kind != "html":
        assert clean(result.text) == result.text
    return result.text


# -- size and repetition ------------------------------------------------------------------------


def test_a_long_page_on_one_line_is_one_block_kept_as_it_is() -> None:
    page = " ".join([PARAGRAPH] * 700)  # ~180 KB, no line break
    result = explain(page)
    assert [(b.start, b.end, b.reason) for b in result.blocks] == [(0, len(page), "content")]
    assert _check_contract(page) == page


def test_one_word_lines_in_lower_case_are_hard_wraps_of_one_block() -> None:
    words = ["council", "budget", "library", "opening", "hours", "debate"] * 3000
    page = "\n".join(words)
    result = explain(page)
    assert len(result.blocks) == 1
    assert result.blocks[0].text == " ".join(words)
    _check_contract(page)


def test_one_word_lines_in_title_case_are_one_block_each_and_never_repeat() -> None:
    words = ["Council", "Budget", "Library", "Opening", "Hours", "Debate"] * 500
    page = "\n".join(words)
    result = explain(page)
    assert [b.text for b in result.blocks] == words
    _check_contract(page)
    # Whatever survives, survives once, as its first copy; every later copy goes as a menu
    # line or as a repeat pointing at an earlier block.
    assert all(b.index < 6 for b in result.kept)
    assert all(b.reason in ("nav_menu", "duplicate") for b in result.blocks[6:])
    assert all(b.duplicate_of < b.index for b in result.blocks if b.duplicate_of is not None)


def test_identical_paragraphs_keep_the_first_and_point_every_repeat_at_it() -> None:
    page = "\n\n".join([PARAGRAPH] * 5000)
    result = explain(page)
    assert [b.index for b in result.kept] == [0]
    assert result.text == PARAGRAPH
    repeats = result.blocks[1:]
    assert len(repeats) == 4999
    assert all(b.reason == "duplicate" and b.duplicate_of == 0 for b in repeats)
    assert {b.detail["duplicate_kind"] for b in repeats} == {"exact"}


def test_near_identical_paragraphs_keep_one_and_point_every_repeat_at_it() -> None:
    # Each copy differs from the paragraph by one letter somewhere (a lightly edited repeat).
    copies = []
    for i in range(600):
        at = 7 + (i * 37) % (len(PARAGRAPH) - 10)
        copies.append(PARAGRAPH[:at] + "xyz"[i % 3] + PARAGRAPH[at + 1 :])
    result = explain("\n\n".join(copies))
    assert len(result.kept) == 1
    (survivor,) = result.kept
    for block in result.blocks:
        if block is not survivor:
            assert block.reason == "duplicate"
            assert block.duplicate_of == survivor.index
            assert block.detail["duplicate_kind"] in {"exact", "fuzzy"}
    _check_contract("\n\n".join(copies))


def test_copies_with_scattered_edits_keep_one_across_dedupe_rounds() -> None:
    # Three letters changed at random in each copy: which copy stands for which changes between
    # dedupe rounds, and a copy whose target later went as a repeat must follow it, not come back.
    rng = random.Random(7)
    copies = []
    for _ in range(180):
        chars = list(PARAGRAPH)
        for _ in range(3):
            chars[rng.randrange(len(chars))] = rng.choice("abcdefxyz")
        copies.append("".join(chars))
    result = explain("\n\n".join(copies))
    assert len(result.kept) == 1
    assert {b.reason for b in result.dropped} == {"duplicate"}
    assert all(b.duplicate_of == result.kept[0].index for b in result.dropped)
    _check_contract("\n\n".join(copies))


# -- encodings and characters -------------------------------------------------------------------


def test_lone_surrogates_are_dropped_and_a_split_pair_is_joined() -> None:
    page = f"Lone \ud800 and \udfff here, a pair \ud83d\ude00 joined. {PROSE}"
    assert _check_contract(page) == f"Lone and here, a pair 😀 joined. {PROSE}"


def test_non_characters_and_the_replacement_object_are_dropped() -> None:
    page = f"Non\ufffe char\uffff acters\ufdd0 and \ufffc object. {PROSE}"
    assert _check_contract(page) == f"Non char acters and object. {PROSE}"


def test_nul_and_c0_control_characters_and_terminal_escapes_are_stripped() -> None:
    page = f"NUL\x00 bell\x07 back\x08space, \x1b[31mred\x1b[0m and del\x7f. {PROSE}"
    assert _check_contract(page) == f"NUL bell backspace, red and del. {PROSE}"


def test_c1_controls_are_read_as_windows_1252_as_ftfy_does() -> None:
    # "\x93" and "\x94" are the curly quotes of Windows-1252 decoded as Latin-1; 0x81 means
    # nothing in Windows-1252 and is dropped.
    page = f"\x93Quoted\x94 text \x81here. {PROSE}"
    assert _check_contract(page) == f"“Quoted” text here. {PROSE}"


@pytest.mark.parametrize(
    ("broken", "repaired"),
    [
        ("The cafÃ© was â€œniceâ€\x9d.", "The café was “nice”."),  # UTF-8 read as Windows-1252
        ("SchÃ¶ne GrÃ¼ÃŸe aus KÃ¶ln.", "Schöne Grüße aus Köln."),
        ("ÃƒÂ©tÃƒÂ© chaud.", "été chaud."),  # encoded twice
        ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€.", "привет мир."),  # Cyrillic through Windows-1252
        ("voilÃ  le travail.", "voilà le travail."),  # a lost no-break space
        ("Tom &amp; Jerry.", "Tom & Jerry."),  # an escaped entity in plain text
    ],
)
def test_mojibake_is_repaired(broken: str, repaired: str) -> None:
    assert _check_contract(f"{broken} {PROSE}") == f"{repaired} {PROSE}"


def test_mixed_mojibake_on_one_page_is_repaired_block_by_block() -> None:
    first, second, third = PARAGRAPH.split(". ")
    page = f"The cafÃ© was â€œniceâ€\x9d. {first}.\n\nÃƒÂ©tÃƒÂ©: {second}.\n\nA clean café. {third}"
    assert _check_contract(page).split("\n\n") == [
        f"The café was “nice”. {first}.",
        f"été: {second}.",
        f"A clean café. {third}",
    ]


def test_right_to_left_text_is_kept_without_its_direction_controls() -> None:
    arabic = (
        "مرحبا بالعالم، هذا نص عربي طويل جدا للاختبار، ويتحدث عن المكتبة الجديدة في المدينة ومواعيد فتحها."
    )
    hebrew = "שלום עולם זה טקסט בעברית על הספרייה החדשה בעיר ועל שעות הפתיחה שלה בחורף."
    marked = hebrew.replace("עולם", "עולם\u200f").replace("בעברית", "\u202eבעברית\u202c")
    page = f"{arabic}\n\n{marked}"
    assert _check_contract(page) == f"{arabic}\n\n{hebrew}"


def test_cjk_without_spaces_is_one_block_kept_whole() -> None:
    sentence = "这是一个没有空格的很长的中文句子。"
    page = sentence * 2000  # ~100 KB on one line, no space at all
    assert _check_contract(page) == page


def test_emoji_sequences_and_combining_marks_survive_and_compose() -> None:
    family = "👨\u200d👩\u200d👧"
    page = f"Family {family}, thumbs 👍🏽, flag 🇫🇷, cafe\u0301 and Z\u0338\u0322. {PROSE}"
    # Joiners inside a sequence stay; a combining accent is composed with its letter (NFC).
    assert _check_contract(page) == f"Family {family}, thumbs 👍🏽, flag 🇫🇷, café and Z\u0338\u0322. {PROSE}"


def test_zero_width_joiners_stay_inside_words_and_go_elsewhere() -> None:
    persian = "من می\u200cخواهم به کتابخانه بروم و کتاب\u200cهای تازه را بخوانم، چون امروز تعطیل است."
    assert _check_contract(persian) == persian
    assert _check_contract(f"\u200d{PROSE} \u200c\u200b") == PROSE


# -- line endings -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SEED, *GOLDEN], ids=lambda p: p.name)
def test_windows_and_old_mac_line_endings_give_the_same_body_as_unix(path: Path) -> None:
    unix = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    body = clean(unix)
    assert body
    assert clean(unix.replace("\n", "\r\n")) == body
    assert clean(unix.replace("\n", "\r")) == body
    mixed = "".join(line + ("\n", "\r\n", "\r")[i % 3] for i, line in enumerate(unix.split("\n")))
    assert clean(mixed) == body


# -- what is not an article ---------------------------------------------------------------------


def test_a_page_entirely_of_boilerplate_gives_an_empty_body() -> None:
    unit = "Skip to content\n\nHome\n\nNews\n\nShare on Facebook\n\nRead also:\n\n© 2025 The News"
    for page in (unit, "\n\n".join([unit] * 500)):
        result = explain(page)
        assert result.text == ""
        assert result.kept == ()
        assert len(result.blocks) == 6 * page.count("Skip to content")


def test_html_looking_text_is_text_not_markup() -> None:
    # cleantext reads text: a tag in it is text too, neither parsed nor stripped; ftfy leaves
    # entities alone in a block that also holds "<" (it could be real HTML source).
    page = f'Use <div class="x"> to wrap it &amp; close it with </div> at the end. {PROSE}'
    assert _check_contract(page) == page
    # Markup and nothing else is an HTML document, not a page's text: read as HTML, the script
    # is no text.
    tags_only = '<div class="nav"><ul><li><a href="/">Home</a></li></ul></div>\n\n<script>var a = 1;</script>'
    assert [b.text for b in explain(tags_only).blocks] == ["Home"]


def test_punctuation_soup_never_raises() -> None:
    alphabet = ".!?…:;,'\"()[]|»- \n"
    soup = "".join(alphabet[(i * 7919) % len(alphabet)] for i in range(20_000))
    _check_contract(soup)


# -- the command line ---------------------------------------------------------------------------


def test_cli_prints_valid_utf8_for_every_hostile_class(tmp_path: Path) -> None:
    pages = {
        "surrogates.txt": f"Lone \ud800 pair \ud83d\ude00. {PROSE}".encode("utf-8", "surrogatepass"),
        "invalid_bytes.txt": b"Caf\xe9 \xff\xfe bytes. " + PROSE.encode(),
        "controls.txt": f"NUL\x00 bell\x07 \x1b[31mred\x1b[0m. {PROSE}".encode(),
        "mojibake.txt": f"The cafÃ© was â€œniceâ€\x9d. {PROSE}".encode(),
        "crlf.txt": f"Title\r\n\r\n{PROSE}\r\r{PARAGRAPH}\r\n".encode(),
        "rtl_cjk.txt": ("שלום\u202e עולם. " + "这是一个没有空格的很长的中文句子。" * 20).encode(),
        "boilerplate.txt": b"Skip to content\n\nHome\n\nShare on Facebook",
        "tags_in_prose.txt": f"Wrap it in <div> and close it with </div>. {PROSE}".encode(),
    }
    paths = []
    for name, data in pages.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    record = {"id": 1, "text": f"JSON \ud800 surrogate and NUL\x00. {PROSE}"}
    (tmp_path / "pages.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    for args in (paths, ["--explain", *paths], ["--jsonl", str(tmp_path / "pages.jsonl")]):
        run = subprocess.run([sys.executable, "-m", "cleantext", *args], capture_output=True, check=False)
        assert run.returncode == 0, run.stderr
        out = run.stdout.decode("utf-8")  # strict: raises on anything that is not UTF-8
        assert CONTROL.search(out) is None
    assert json.loads(out)["clean"] == f"JSON surrogate and NUL. {PROSE}"


# -- fuzzing with hostile parts -----------------------------------------------------------------

HOSTILE_PARTS = [
    PROSE,
    PARAGRAPH,
    "Skip to content",
    "Share on Facebook",
    "\ud800",
    "\udfff",
    "\ud83d\ude00",
    "\x00",
    "\x07",
    "\x1b[0m",
    "\x85",
    "\x93",
    "\ufeff",
    "\u202e",
    "\u200d",
    "\u200c",
    "\u200b",
    "e\u0301",
    "👨\u200d👩\u200d👧",
    "cafÃ©",
    "ÃƒÂ©",
    "â€œ",
    "&amp;",
    "&#",
    "<div>",
    "</p>",
    "这是中文句子。",
    "مرحبا بالعالم",
    "...",
    "…",
    ". . .",
    "!!!",
]
BREAKS = ["\n", "\n\n", "\r\n", "\r", "\r\r", "\u2028", "\x0b", "\x0c", " ", ""]


@st.composite
def hostile_pages(draw: st.DrawFn) -> str:
    """Pages of hostile parts and line breaks, some of them repeated many times."""
    parts = draw(st.lists(st.sampled_from(HOSTILE_PARTS + BREAKS), max_size=40))
    repeat = draw(st.sampled_from([1, 1, 2, 50]))
    return "".join(parts) * repeat


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_pages())
def test_hostile_pages_keep_the_contract(page: str) -> None:
    _check_contract(page)
    assert clean(page.replace("\r\n", "\n").replace("\r", "\n")) == clean(
        page.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    )
