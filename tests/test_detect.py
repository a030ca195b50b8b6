"""Page sniffing and junk blocks: tables of what must be text, html or not_text, of blocks that
must be dropped or kept, Hypothesis properties, and the development pages as a gate.

The negative corpora are made here, with fixed seeds: random bytes read three ways, base64, hex,
a hex dump, an ELF-like binary, minified script and CSS, JSON. Nothing outside the repository is
read but the optional ``../shared/bench``.
"""

from __future__ import annotations

import base64
import gzip
import json
import random
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.detect import Sniff, is_junk_block, junk_reason, sniff

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench" / "dev.jsonl.gz"
REASONS = {"", "binary", "data_uri", "hex", "random", "code"}
# Any character at all, lone surrogates and controls included.
ANY_TEXT = st.text(st.characters(exclude_categories=()))
RULES = {
    "text": {"prose", "plain", "short"},
    "html": {"doctype", "document", "fragment"},
    "not_text": {"binary", "json", "random", "hex", "code", "unspaced", "symbols"},
}

PROSE = {
    "en": "The council approved the budget on Monday, after a long debate about the new library. "
    "Opening hours will be longer from spring, and the reading rooms get new furniture.",
    "de": "Der Stadtrat hat am Montag den Haushalt beschlossen, nach einer langen Debatte über die "
    "neue Bibliothek. Die Öffnungszeiten werden ab dem Frühjahr verlängert.",
    "fr": "Le festival a attiré plus de cinquante mille visiteurs pendant le week-end, selon la mairie, "
    "qui se félicite d'une édition sans incident majeur.",
    "ru": "Шторм повредил линии электропередачи, и тысячи домов остались без света на два дня. "
    "Ремонтные бригады работали круглые сутки.",
    "zh": "翱翔于距地球数千公里的太空中，进入广袤漆黑的未知领域，是一项艰苦卓绝的工作。"
    "这让人感到巨大压力和极度恐慌。那么，为什么不能让宇航员来一杯鸡尾酒来放松一下？",
    "ja": "トレンドマイクロは3月9日、Wi-Fi利用時の通信を暗号化し保護するスマホ向けのセキュリティアプリの"
    "発売を開始すると発表した。1年版ライセンスは2900円（税込）で、2年版は5000円。",
    "ko": "서울시는 내년부터 도서관 운영 시간을 늘리고 열람실에 새 가구를 들이기로 했다고 밝혔다. "
    "시민들은 대체로 환영하는 분위기다.",
    "ar": "وافق المجلس البلدي على الميزانية يوم الاثنين بعد نقاش طويل حول المكتبة الجديدة، "
    "وستمدد ساعات العمل ابتداء من الربيع.",
    "hi": "नगर परिषद ने सोमवार को नए पुस्तकालय पर लंबी बहस के बाद बजट को मंजूरी दी। "
    "वसंत से पुस्तकालय अधिक समय तक खुला रहेगा।",
    "th": "สภาเมืองอนุมัติงบประมาณเมื่อวันจันทร์หลังจากการอภิปรายยาวนานเกี่ยวกับห้องสมุดแห่งใหม่ "
    "และจะขยายเวลาเปิดทำการตั้งแต่ฤดูใบไม้ผลิ",
    "he": "מועצת העיר אישרה את התקציב ביום שני לאחר דיון ארוך על הספרייה החדשה, "
    "ושעות הפתיחה יוארכו החל מהאביב.",
    "vi": "Hội đồng thành phố đã thông qua ngân sách vào thứ Hai sau một cuộc tranh luận dài về "
    "thư viện mới, và giờ mở cửa sẽ được kéo dài từ mùa xuân.",
}


def _page(*blocks: str) -> str:
    return "\n\n".join(blocks)


# -- negative corpora --------------------------------------------------------------------------


def _random_bytes(size: int, seed: int = 15) -> bytes:
    return random.Random(seed).randbytes(size)


def _hex_dump(data: bytes) -> str:
    """``xxd`` output: offset, eight groups of two bytes, the printable bytes."""
    lines = []
    for offset in range(0, len(data), 16):
        row = data[offset : offset + 16]
        groups = " ".join(row[i : i + 2].hex() for i in range(0, len(row), 2))
        ascii_column = "".join(chr(b) if 32 <= b < 127 else "." for b in row)
        lines.append(f"{offset:08x}: {groups:<39}  {ascii_column}")
    return "\n".join(lines)


def _elf_like(size: int = 200_000, seed: int = 3) -> bytes:
    """Bytes shaped like an executable: a header, zero padding, machine code, a string table."""
    rng = random.Random(seed)
    header = (
        b"\x7fELF\x02\x01\x01"
        + bytes(9)
        + struct.pack("<HHIQQQIHHHHHH", 3, 62, 1, 0x6D40, 64, 0, 0, 64, 56, 13, 64, 31, 30)
    )
    strings = b"\0".join(
        name.encode()
        for name in (
            "libc.so.6",
            "__cxa_finalize",
            "malloc",
            "strlen",
            "GLIBC_2.2.5",
            ".text",
            ".rodata",
            "usage: %s [OPTION]... [FILE]...",
        )
    )
    body = bytearray(header)
    while len(body) < size:
        body += bytes(rng.choice((16, 64, 256)))
        body += rng.randbytes(rng.randint(200, 4000))
        body += strings
    return bytes(body[:size])


def _records() -> bytes:
    """A table of fixed-width binary records: mostly zeros, so a hex dump of it switches seldom."""
    return b"".join(struct.pack("<IIQ", i, i * 3, 0x400000 + i * 0x40) for i in range(300))


def _minified_js(size: int = 30_000, seed: int = 7) -> str:
    """Minifier output: one long line of short names, calls, braces and semicolons."""
    rng = random.Random(seed)
    names = "abcdefghijklmnopqrstuvwxyz"
    words = ("function", "return", "var", "typeof", "undefined", "prototype", "length", "push", "call")
    parts = [
        '!function(e,t){"object"==typeof exports&&"undefined"!=typeof module?module.exports=t():e.lib=t()}(this,'
    ]
    while sum(map(len, parts)) < size:
        a, b, c = (rng.choice(names) for _ in range(3))
        word = rng.choice(words)
        parts.append(
            rng.choice(
                (
                    f"function {a}({b},{c}){{return {b}.{word}({c})}}",
                    f"var {a}={b}&&{c}.{word}?{b}[{c}]:{rng.randint(0, 99)};",
                    f'if({a}.{word}==="{word}"){{{b}={c}.{word}}}else{{{b}=null}};',
                    f"for(var {a}=0;{a}<{b}.length;{a}++){c}.push({b}[{a}]);",
                    f"{a}.prototype.{word}=function({b}){{this.{c}={b}}};",
                )
            )
        )
    return "".join(parts) + ");"


def _minified_css(size: int = 20_000, seed: int = 8) -> str:
    rng = random.Random(seed)
    props = (
        "color:#1a1a1a",
        "margin:0 auto",
        "padding:4px 8px",
        "display:flex",
        "font-size:14px",
        "border:0",
    )
    rules = []
    while sum(map(len, rules)) < size:
        selector = rng.choice(
            (".nav", ".btn", "#header", ".card__title", "a:hover", ".wp-block-button__link")
        )
        rules.append(selector + "{" + ";".join(rng.sample(props, 3)) + "}")
    return "".join(rules)


def _json_dump(seed: int = 9, *, indent: int | None = None) -> str:
    rng = random.Random(seed)
    records = [
        {
            "id": i,
            "sku": f"SKU-{rng.randint(1000, 9999)}",
            "price": round(rng.uniform(1, 500), 2),
            "tags": ["sale", "new"],
        }
        for i in range(300)
    ]
    return json.dumps({"items": records, "count": len(records)}, indent=indent)


def _not_text() -> Iterator[tuple[str, str]]:
    raw = _random_bytes(4096)
    yield "random bytes, errors=replace", raw.decode("utf-8", "replace")
    yield "random bytes as Latin-1", raw.decode("latin-1")
    yield "random bytes as cp1252", raw.decode("cp1252", "replace")
    yield "random bytes, surrogateescape", raw.decode("utf-8", "surrogateescape")
    yield "ELF-like binary, errors=replace", _elf_like().decode("utf-8", "replace")
    yield "ELF-like binary as Latin-1", _elf_like().decode("latin-1")
    yield "UTF-16 text read as Latin-1", (PROSE["en"] * 5).encode("utf-16-le").decode("latin-1")
    yield "base64", base64.b64encode(raw).decode()
    yield "base64, MIME lines", base64.encodebytes(raw).decode()
    yield "base32", base64.b32encode(raw).decode()
    yield "ascii85", base64.a85encode(raw).decode()
    yield "hex", raw.hex()
    yield "hex, upper case", raw.hex().upper()
    yield "hex, spaced bytes", raw.hex(" ")
    yield "hex dump of random bytes", _hex_dump(raw)
    yield "hex dump of an executable", _hex_dump(_elf_like(6000))
    yield "hex of an executable", _elf_like(6000).hex()
    yield "hex dump of binary records", _hex_dump(_records())
    yield "minified JS", _minified_js()
    yield "minified CSS", _minified_css()
    yield "JSON dump", _json_dump()
    yield "JSON dump, indented", _json_dump(indent=2)
    yield "JSON Lines", "\n".join(json.dumps({"id": i, "text": PROSE["en"]}) for i in range(20))
    yield "punctuation soup", "".join(".!?…:;,'\"()[]|»- \n"[(i * 7919) % 17] for i in range(5000))
    yield "lone surrogates", "\ud800\udfff" * 500


def _text() -> Iterator[tuple[str, str]]:
    for language, prose in PROSE.items():
        yield f"prose ({language})", _page(prose, prose[::-1].swapcase() if language == "xx" else prose)
    yield "tiny", "Test"
    yield "three short lines", "abc\n\ndef\n\nghi"
    yield (
        "emoji-heavy post",
        _page(
            "Best day ever 😂😂😂🔥🔥 can't believe we finally made it to the top!!! 🏔️❤️❤️",
            "#travel #mountains #nofilter 🙌🙌 thanks @anna_k for the photos 📸✨",
            "😍😍😍😍😍😍😍😍 🔥🔥🔥🔥🔥 ❤️❤️❤️❤️❤️❤️ 🙌🙌🙌🙌",
        ),
    )
    yield (
        "price table",
        _page(
            "Product Price Stock",
            *(f"Widget {i} ${i * 3.5:.2f} {i * 7 % 40}" for i in range(1, 60)),
        ),
    )
    yield (
        "sports results",
        _page(
            "Premier League results",
            *(
                f"{home} {i % 4} – {(i * 3) % 5} {away}"
                for i, (home, away) in enumerate([("Arsenal", "Chelsea"), ("Everton", "Fulham")] * 30)
            ),
        ),
    )
    yield (
        "numbers only",
        "\n".join(" ".join(str((r * 31 + c * 17) % 1000) for c in range(8)) for r in range(80)),
    )
    yield (
        "lottery draws",
        "\n".join(
            f"{2020 + r % 5}-{r % 12 + 1:02d}-{r % 28 + 1:02d}  "
            + " ".join(f"{(r * c) % 49 + 1:02d}" for c in range(1, 7))
            for r in range(100)
        ),
    )
    yield (
        "code-heavy article",
        _page(
            "To read a file line by line, open it in a with block; the file is closed when the block ends.",
            "with open(path, encoding='utf-8') as handle:",
            "    for number, line in enumerate(handle, start=1):",
            "        if line.strip():",
            "            print(f'{number}: {line}', end='')",
            "The same in JavaScript needs a stream and a readline interface:",
            "const rl = readline.createInterface({ input: fs.createReadStream(path) });",
            "rl.on('line', (line) => { console.log(line); });",
            "Both read one line at a time, so memory stays flat however large the file is.",
        ),
    )
    yield (
        "prose naming tags",
        _page(
            "<p> is the paragraph element: the browser leaves a blank line before and after it.",
            "Put the <title> inside <head>, and everything the reader sees inside <body>.",
        ),
    )
    yield (
        "article quoting an HTML snippet",
        _page(
            PROSE["en"],
            '<div class="card">',
            "  <h2>Title</h2>",
            "  <p>Some text.</p>",
            "</div>",
            "The card then takes the width of its column, whatever the screen.",
        ),
    )
    yield (
        "scraped text opening with leftover markup",
        _page(
            '<div style="position:absolute;"><img width=1 height=1 alt="" src="http://b5.example.jp/b?P=oI9TLjE4Mi66RLpA"></div>',
            *([PROSE["ja"], "ニュース", "トピックス", PROSE["en"]] * 4),
        ),
    )
    yield (
        "all capitals",
        _page(
            "TERMS AND CONDITIONS OF SALE. THE SELLER SHALL NOT BE LIABLE FOR ANY DELAY IN DELIVERY.",
            "ALL PRICES INCLUDE VALUE ADDED TAX UNLESS STATED OTHERWISE ON THE ORDER FORM.",
        ),
    )
    yield "mojibake (UTF-8 read as Latin-1)", (PROSE["ru"] + " " + PROSE["fr"]).encode().decode("latin-1")
    yield (
        "Czech from cp1250 read as UTF-8",
        (
            "Městská rada schválila v pondělí rozpočet po dlouhé debatě o nové knihovně. Otevírací doba "
            "se od jara prodlouží a čítárny dostanou nový nábytek. Kritici říkali, že plán je příliš drahý."
        )
        .encode("cp1250")
        .decode("utf-8", "replace"),
    )
    yield (
        "one page of a data URI inside prose",
        _page(
            *([PROSE["en"]] * 8),
            "data:image/png;base64," + base64.b64encode(_random_bytes(600)).decode(),
        ),
    )


def _html() -> Iterator[tuple[str, str]]:
    body = "<body><h1>Title</h1><p>Some text.</p><p>More <a href='/x'>text</a>.</p></body>"
    yield "HTML5", f"<!DOCTYPE html><html><head><title>T</title></head>{body}</html>"
    yield "lower-case doctype", f"<!doctype html>\n<html lang='en'>\n{body}\n</html>"
    yield (
        "XHTML",
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
            f"{body}</html>"
        ),
    )
    yield (
        "HTML 4.01",
        f'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN">\n<HTML><HEAD><TITLE>T</TITLE></HEAD>{body.upper()}</HTML>',
    )
    yield "no doctype", f"<html>\n  <head><title>T</title></head>\n  {body}\n</html>"
    yield (
        "BOM, white space and comments first",
        f"\ufeff\n\n  <!-- generated -->\n<!-- html-header -->\n<!DOCTYPE html><html>{body}</html>",
    )
    yield (
        "XML declaration as a comment",
        f'<!--?xml version="1.0" encoding="UTF-8" ?--><!DOCTYPE html><html>{body}</html>',
    )
    yield (
        "script before the doctype",
        (
            '\n<script type="text/javascript">\nvar a = "<b>";\ndocument.addEventListener("x", function() {});\n</script>\n\n'
            f"<!DOCTYPE html>\n<html>{body}</html>"
        ),
    )
    yield "head first", f"<head><meta charset='utf-8'><title>T</title></head>\n{body}"
    yield (
        "fragment of divs",
        "\n".join(
            ['<div class="post">', "  <h2>Title</h2>", '  <p class="lead">First paragraph of the post.</p>']
            + [f"  <p>Paragraph {i} with <a href='/p/{i}'>a link</a>.</p>" for i in range(20)]
            + ["</div>"]
        ),
    )
    yield "fragment after a BOM", "\ufeff<div>" + "<p>x</p>" * 500 + "</div>"
    yield (
        "fragment after a script",
        (
            '<script>var a = "<b>";'
            + "x=1;" * 300
            + "</script>\n<div>\n"
            + "<p>Text here.</p>\n" * 50
            + "</div>"
        ),
    )
    yield (
        "one-line fragment",
        "<div><ul>" + "".join(f"<li><a href='/{i}'>Item {i}</a></li>" for i in range(50)) + "</ul></div>",
    )


@pytest.mark.parametrize(("name", "text"), list(_text()), ids=[name for name, _ in _text()])
def test_must_be_text(name: str, text: str) -> None:
    found = sniff(text)
    assert found.kind == "text", found


@pytest.mark.parametrize(("name", "text"), list(_not_text()), ids=[name for name, _ in _not_text()])
def test_must_be_not_text(name: str, text: str) -> None:
    found = sniff(text)
    assert found.kind == "not_text", found


@pytest.mark.parametrize(("name", "text"), list(_html()), ids=[name for name, _ in _html()])
def test_must_be_html(name: str, text: str) -> None:
    found = sniff(text)
    assert found.kind == "html", found


def test_the_rule_names_the_kind_of_junk() -> None:
    raw = _random_bytes(4096)
    assert sniff(raw.decode("latin-1")).rule == "binary"
    assert sniff(base64.b64encode(raw).decode()).rule == "random"
    assert sniff(_hex_dump(_records())).rule == "hex"
    assert sniff(_minified_css()).rule == "code"
    assert sniff(_json_dump()).rule == "json"
    assert sniff(PROSE["en"] * 3).rule == "prose"


def test_measures_beyond_prose_are_taken_only_when_the_decision_reads_them() -> None:
    prose = sniff(PROSE["en"] * 3)
    assert prose.prose_share > 0.1 and prose.flip_rate is None and prose.tag_rate is None
    blob = sniff(base64.b64encode(_random_bytes(4096)).decode())
    assert blob.flip_rate is not None and blob.flip_rate > 0.3 and blob.prose_share < 0.01
    fragment = sniff(dict(_html())["fragment of divs"])
    assert fragment.tag_rate is not None and fragment.tag_rate > 1


def test_sniff_takes_str_only() -> None:
    with pytest.raises(TypeError, match="decode bytes first"):
        sniff(b"<html></html>")  # type: ignore[arg-type]


# -- one block ---------------------------------------------------------------------------------

JUNK_BLOCKS = [
    ("data URI", "data:image/png;base64," + base64.b64encode(_random_bytes(900)).decode(), "data_uri"),
    (
        "img with a data URI",
        f'<img src="data:image/gif;base64,{base64.b64encode(_random_bytes(60)).decode()}" alt="">',
        "data_uri",
    ),
    (
        "CSS url() with a data URI",
        f"background:url(data:image/svg+xml;base64,{base64.b64encode(b'<svg></svg>' * 9).decode()})",
        "data_uri",
    ),
    ("SHA-256", "9f86d081884c7d659a2feaea0c55ad015a3bf4b19b0df6cb4e1a6b5e5d8f6a71", "hex"),
    ("hex of binary", _elf_like(300).hex(), "hex"),
    ("base64 blob", base64.b64encode(_random_bytes(2000)).decode(), "random"),
    ("base64 line", base64.encodebytes(_random_bytes(57, seed=4)).decode().strip(), "random"),
    ("minified JS line", _minified_js(1500), "code"),
    ("minified CSS line", _minified_css(800), "code"),
    (
        "JSON blob line",
        json.dumps(
            {"layoutMobile": 2, "buttonAlign": "Center", "productTitle": {"hue": 213}}
            | {f"k{i}": i for i in range(40)},
            separators=(",", ":"),
        ),
        "code",
    ),
    ("binary as Latin-1", _random_bytes(300).decode("latin-1"), "binary"),
    ("binary, errors=replace", _random_bytes(300).decode("utf-8", "replace"), "binary"),
]

KEPT_BLOCKS = [
    ("sentence", PROSE["en"]),
    (
        "long-worded sentence",
        "Internationalisierungsbestrebungen verantwortungsbewusster Wirtschaftsunternehmen erfordern Durchhaltevermögen.",
    ),
    ("line of CJK", PROSE["zh"]),
    ("line of Japanese", PROSE["ja"]),
    ("line of Thai", PROSE["th"]),
    (
        "URL",
        "https://www.example.com/2025/09/04/top-nutrition-trends-for-fall-2025-what-fitness-experts-are-eating",
    ),
    (
        "URL with a document ID",
        "https://docs.google.com/document/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit",
    ),
    ("label and video URL", "View: https://youtu.be/-TiYwjxmcU8?si=21VlALqe8f0fJwdX"),
    ("product code", "SKU: VX2730D-4K-BLK"),
    ("product line", 'ViewSonic 27" Gaming Monitor 288Hz FHD 144Hz 4K | VX2730D-4K'),
    ("table row of numbers", "3331.5161315-1618-157-619-21117.7117.3+0.4W67-3"),
    ("table row with tabs", "2024-01-01\t12.5\t13.2\t11.9\t12.8\t1,204,331\t+0.4%"),
    ("MD5", "d41d8cd98f00b204e9800998ecf8427e"),
    ("UUID", "User ID: fe014265-dc1c-416a-a0ca-d0b02a59eeac"),
    (
        "log line with a commit",
        "6:50:37 AM: build-image version: 3d3c7e8b4321e2c1a54a2c4584fb46ba742b1630 (focal)",
    ),
    (
        "command with a UUID path",
        "# rm /sys/firmware/efi/efivars/LoaderDevicePartUUID-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f",
    ),
    ("line of code", "__m512i off123 = _mm512_ternarylogic_epi64(off1, off2, off3, 0xFE);"),
    ("pretty JSON line", '"returnFees": "https://schema.org/FreeReturn",'),
    (
        # segmentation keeps a listing whole; its lines are not minified whatever their spacing
        "code listing of several lines",
        "useEffect(() => {\n\nfunction handleStatusChange(status) {\n\nsetIsOnline(status.isOnline);\n\n}\n\n"
        "ChatAPI.subscribeToFriendStatus(props.friend.id, handleStatusChange);\n\nreturn () => {\n\n"
        "ChatAPI.unsubscribeFromFriendStatus(props.friend.id, handleStatusChange);\n\n};\n\n});",
    ),
    (
        "reference list entry",
        '^ Moodley, Y.; Linz, B.; Yamaoka, Y.; Windsor, H.M.; Breurec, S.; Wu, J.-Y.; Maady, A.; Bernhöft, S.; Thiberge, J.-M.; et al. (2009). "The Peopling of the Pacific from a Bacterial Perspective". Science. 323 (5913): 527–530.',
    ),
    ("digits of pi", "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899"),
    ("hex dump line", "00000000: 7f45 4c46 0201 0100 0000 0000 0000 0000  .ELF............"),
    ("mojibake", PROSE["ru"].encode().decode("latin-1")),
    ("short", "Home"),
    ("empty", ""),
]


@pytest.mark.parametrize(("name", "block", "reason"), JUNK_BLOCKS, ids=[name for name, _, _ in JUNK_BLOCKS])
def test_must_drop_block(name: str, block: str, reason: str) -> None:
    assert junk_reason(block) == reason
    assert is_junk_block(block)


@pytest.mark.parametrize(("name", "block"), KEPT_BLOCKS, ids=[name for name, _ in KEPT_BLOCKS])
def test_must_keep_block(name: str, block: str) -> None:
    assert junk_reason(block) == ""
    assert not is_junk_block(block)


# -- properties --------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_sniff_never_raises_and_is_deterministic(text: str) -> None:
    found = sniff(text)
    assert isinstance(found, Sniff)
    assert found.rule in RULES[found.kind]
    assert sniff(text) == found
    assert 0 <= found.control_share <= 1 and 0 <= found.replacement_share <= 1


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["utf-8", "latin-1", "cp1252", "utf-16-le"]))
def test_sniff_and_junk_reason_take_any_decoded_bytes(data: bytes, encoding: str) -> None:
    text = data.decode(encoding, "replace")
    assert sniff(text).kind in RULES
    assert junk_reason(text) in REASONS


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_junk_reason_never_raises_and_agrees_with_is_junk_block(block: str) -> None:
    reason = junk_reason(block)
    assert reason in REASONS
    assert is_junk_block(block) == (reason != "")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(PROSE.values())), min_size=8, max_size=30),
    st.integers(0, 2**32),
    st.data(),
)
def test_pages_of_prose_are_text_with_a_junk_block_among_them(
    paragraphs: list[str], seed: int, data: st.DataObject
) -> None:
    # The junk block is at most a quarter of the page: a page that is mostly junk is not text.
    junk = base64.b64encode(_random_bytes(200, seed)).decode()
    paragraphs.insert(data.draw(st.integers(0, len(paragraphs))), junk)
    assert sniff(_page(*paragraphs)).kind == "text"
    assert not any(is_junk_block(p) for p in paragraphs if p != junk)
    assert is_junk_block(junk)


# -- the development pages ---------------------------------------------------------------------

# Blocks of the human gold bodies that junk_reason drops, and why that is accepted.
GOLD_JUNK = {
    # A Flask tutorial prints a generated secret key on a line of its own: a 64-character hex
    # string, the very shape of junk the block test is asked to drop.
    ("wcxb-dev-0662", "'192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf'"),
}


@pytest.fixture(scope="module")
def dev_pages() -> list[dict[str, str]]:
    if not BENCH.exists():
        pytest.skip(f"benchmark pages not found at {BENCH}: the development-page gate needs ../shared/bench")
    with gzip.open(BENCH, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def test_every_dev_page_text_and_gold_is_text(dev_pages: list[dict[str, str]]) -> None:
    wrong = [(page["id"], field, sniff(page[field])) for page in dev_pages for field in ("text", "gold")]
    assert [w for w in wrong if w[2].kind != "text"] == []


def test_every_dev_page_html_is_html(dev_pages: list[dict[str, str]]) -> None:
    wrong = [(page["id"], sniff(page["html"])) for page in dev_pages]
    assert [w for w in wrong if w[1].kind != "html"] == []


def test_no_gold_block_is_junk_but_the_listed_ones(dev_pages: list[dict[str, str]]) -> None:
    dropped = {
        (page["id"], line.strip())
        for page in dev_pages
        for line in page["gold"].split("\n")
        if is_junk_block(line.strip())
    }
    assert dropped == GOLD_JUNK
