"""HTML input (issue 16): recognized, read from the DOM, structure kept, never a crash."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleantext import REASONS, Options, clean, explain
from cleantext.core import core_status
from cleantext.model import ContentModel, default_html_model, default_model

pytest.importorskip("selectolax", reason="HTML input needs the html extra (selectolax)")

ENGINES = ["python", "compiled"] if core_status() == "compiled" else ["python"]

PARAGRAPHS = (
    "The regional council approved the new budget on Monday evening, after a debate that lasted "
    "more than four hours and drew a crowd of residents to the town hall.",
    "Most of the money goes to schools and to the repair of roads damaged in last winter's floods, "
    "the council's finance officer told reporters after the vote.",
    "Opposition members said the plan leaves too little for public transport, and promised to "
    "bring the question back before the summer recess.",
)


def article_page(body: str = "", head: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Council approves budget | The Herald"
        f"</title><link rel='canonical' href='https://herald.example/budget'>{head}</head><body>"
        "<header><nav class='main-menu'><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
        "<li><a href='/sport'>Sport</a></li></ul></nav></header>"
        f"<main><article><h1>Council approves budget</h1>{paragraphs}{body}</article></main>"
        "<aside class='related'><h3>Related</h3><ul><li><a href='/a'>Mayor opens new bridge over the river</a></li>"
        "<li><a href='/b'>Schools prepare for the new term</a></li></ul></aside>"
        "<footer class='site-footer'><p>© 2026 The Herald. All rights reserved.</p></footer>"
        "</body></html>"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_an_html_document_is_read_as_html(engine: str) -> None:
    result = explain(article_page(), engine=engine)
    for paragraph in PARAGRAPHS:
        assert paragraph in result.text
    assert "<p>" not in result.text and "Home" not in result.text and "All rights reserved" not in result.text
    assert result.text == clean(article_page(), engine=engine)
    by_text = {b.text: b for b in result.blocks}
    assert by_text[PARAGRAPHS[0]].path.endswith("article/p")
    assert not by_text["Home"].kept


def test_what_the_markup_says_names_the_model_drops() -> None:
    links = "".join(f"<li><a href='/{n}'>Story number {n} of the week</a></li>" for n in range(6))
    page = article_page().replace("</main>", f"</main><div><ul>{links}</ul></div>")
    reasons = {b.text: b.reason for b in explain(page).blocks}
    assert reasons["News"] == "nav_element"  # inside <nav>
    assert reasons["Home"] == "nav_menu"  # phrase data named it first
    assert reasons["Story number 0 of the week"] == "link_dense"


def test_the_input_option_forces_the_kind() -> None:
    fragment = "<p>" + "</p><p>".join(PARAGRAPHS) + "</p>"
    assert clean(fragment, input="html") == "\n\n".join(PARAGRAPHS)
    as_text = clean(article_page(), input="text", min_content_score=0.0)
    assert "<" in as_text  # read as text: the markup is the page's text
    prose = "In HTML, the <p> tag starts a paragraph, and <br> breaks a line inside one without a gap."
    assert clean(prose) == prose


def test_what_a_browser_does_not_show_never_becomes_text() -> None:
    hidden = (
        "<script>var secret = 'script text';</script><style>.x { color: red }</style>"
        "<template><p>template text</p></template><div hidden><p>hidden text</p></div>"
        "<div aria-hidden='true'>aria hidden text</div><div style='display: none'>display none text</div>"
        "<form><input value='input text'><select><option>option text</option></select>"
        "<textarea>textarea text</textarea><button>button text</button></form>"
    )
    result = explain(article_page(hidden), min_content_score=0.0)
    seen = " ".join(b.text for b in result.blocks)
    for what in (
        "script",
        "color",
        "template",
        "hidden text",
        "aria",
        "display",
        "input",
        "option",
        "textarea",
        "button",
    ):
        assert what not in seen, what


def test_markdown_keeps_headings_lists_tables_code_and_quotes() -> None:
    code = "def total(votes):\n    count = 0\n    for vote in votes:\n        count += vote\n    return count"
    body = (
        "<h2>How the vote went</h2>"
        f"<p>{PARAGRAPHS[1]}</p>"
        "<ul><li>Schools get most of the money this year.</li><li>Roads get the rest of it, after the floods.</li></ul>"
        "<table><tr><th>District</th><th>Votes</th></tr><tr><td>North</td><td>1,204</td></tr>"
        "<tr><td>South</td><td>987</td></tr></table>"
        f"<pre><code>{code}</code></pre>"
        f"<blockquote><p>{PARAGRAPHS[2]}</p></blockquote>"
    )
    page = article_page(body)
    markdown = clean(
        page, output="markdown", min_content_score=0.0, fuzzy_min_score=None, sentence_repeat_min_words=None
    )
    assert "## How the vote went" in markdown
    assert (
        "- Schools get most of the money this year.\n- Roads get the rest of it, after the floods."
        in markdown
    )
    assert "| District | Votes |\n| --- | --- |\n| North | 1,204 |\n| South | 987 |" in markdown
    assert f"```\n{code}\n```" in markdown
    assert f"> {PARAGRAPHS[2]}" in markdown
    text = clean(page, min_content_score=0.0, fuzzy_min_score=None, sentence_repeat_min_words=None)
    assert "Schools get most of the money this year.\nRoads get the rest of it, after the floods." in text
    assert code in text and "```" not in text and "## " not in text


def test_metadata_and_the_headline_first() -> None:
    page = article_page()
    result = explain(page)
    assert result.metadata["title"] == "Council approves budget | The Herald"
    assert result.metadata["lang"] == "en"
    assert result.metadata["url"] == "https://herald.example/budget"
    assert result.metadata["headline"] == "Council approves budget"
    without_h1 = page.replace("<h1>Council approves budget</h1>", "")
    first = clean(without_h1, headline_first=True).split("\n\n")[0]
    assert first == "Council approves budget | The Herald"
    assert clean(without_h1, headline_first=True, output="markdown").startswith("# Council approves budget")
    assert explain("Plain text, no markup at all, and a second sentence.").metadata == {}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            "<meta charset='iso-8859-1'><p>Le café est ouvert depuis ce matin à huit heures, a dit la mairie.</p>".encode(
                "latin-1"
            ),
            "café",
        ),
        (
            "<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'><p>Новости дня: совет утвердил бюджет города на следующий год.</p>".encode(
                "cp1251"
            ),
            "Новости",
        ),
        (
            b"\xef\xbb\xbf<html><body><p>Caf\xc3\xa9 society meets again on Tuesday night, the organisers said.</p></body></html>",
            "Café",
        ),
        (
            "<html><body><p>Zürich und München teilen sich den Preis für die beste Bahnstrecke.</p></body></html>".encode(
                "cp1252"
            ),
            "Zürich",
        ),
    ],
)
def test_bytes_are_decoded_by_their_declared_or_sniffed_charset(data: bytes, expected: str) -> None:
    assert expected in clean(data, input="html", min_content_score=0.0)


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><p>Truncated in the middle of a paragraph that never",
        "<div><p>Unclosed <b>bold <i>italic</div></span></p></td>" * 50,
        "<html>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000 + "</html>",
        "<html><body>" + "<div>level " * 30_000 + "</body></html>",
        "<html><body><p>NUL \x00 inside</p></body></html>",
        "<!DOCTYPE html><html><head></head><body></body></html>",
        "<html><body><table><tr><td><table><tr><td>" * 500 + "cell</body></html>",
    ],
    ids=["truncated", "misnested", "nested-100k", "unclosed-30k", "nul", "empty", "nested-tables"],
)
def test_broken_html_never_crashes(page: str) -> None:
    result = explain(page, input="html")
    assert isinstance(result.text, str)
    assert clean(page, input="html") == result.text


def test_a_deeply_nested_page_is_still_read() -> None:
    page = (
        "<html><body>" + "<div>" * 100_000 + f"<p>{PARAGRAPHS[0]}</p>" + "</div>" * 100_000 + "</body></html>"
    )
    assert PARAGRAPHS[0] in clean(page)


def test_models_for_text_and_html_are_not_interchangeable() -> None:
    with pytest.raises(ValueError, match="html_model takes a model of HTML pages"):
        Options(html_model=default_model())
    with pytest.raises(ValueError, match="model takes a model of text pages"):
        Options(model=default_html_model())


def test_an_html_model_refuses_weights_for_other_features(tmp_path: Path) -> None:
    from importlib import resources

    source = resources.files("cleantext") / "data" / "html"
    spec = json.loads((source / "model.json").read_text(encoding="utf-8"))
    spec["stage1"]["names"][30], spec["stage1"]["names"][31] = (
        spec["stage1"]["names"][31],
        spec["stage1"]["names"][30],
    )
    (tmp_path / "model.json").write_text(json.dumps(spec), encoding="utf-8")
    (tmp_path / spec["lexicon"]["file"]).write_text(
        (source / spec["lexicon"]["file"]).read_text(encoding="utf-8")
    )
    with pytest.raises(ValueError, match="other features than the code computes"):
        ContentModel.load(tmp_path)


def test_without_the_parser_html_input_says_what_to_install() -> None:
    script = (
        "import sys; sys.modules['selectolax'] = None; sys.modules['selectolax.lexbor'] = None\n"
        "from cleantext import clean\n"
        "try:\n    clean('<!DOCTYPE html><html><body><p>x</p></body></html>')\n"
        "except ImportError as exc:\n    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert "pip install 'cleantext-blocks[html]'" in out


def test_the_cli_reads_html_files_and_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cleantext.cli import main

    page = tmp_path / "page.html"
    page.write_text(article_page(), encoding="utf-8")
    assert main([str(page), "--markdown"]) == 0
    out = capsys.readouterr().out
    assert PARAGRAPHS[0] in out and "<p>" not in out
    dump = tmp_path / "pages.jsonl"
    dump.write_text(json.dumps({"id": 1, "html": article_page()}) + "\n", encoding="utf-8")
    assert main(["--jsonl", str(dump), "--field", "html"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert PARAGRAPHS[1] in record["clean"]


def test_the_cli_decodes_an_html_file_by_its_declared_charset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cleantext.cli import main

    page = tmp_path / "page.html"
    text = "Le café de la gare rouvre ses portes après deux ans de travaux, a annoncé la mairie mardi."
    page.write_bytes(
        f"<html><head><meta charset='iso-8859-1'></head><body><p>{text}</p></body></html>".encode("latin-1")
    )
    assert main([str(page)]) == 0
    out, err = capsys.readouterr()
    assert out == text + "\n" and err == ""


_TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='menu'>",
        "</div>",
        "<li>",
        "<ul>",
        "</ul>",
        "<table><tr><td>",
        "</td><td>",
        "</tr></table>",
        "<pre>",
        "</pre>",
        "<br>",
        "<script>x<y</script>",
        "<a href='/'>",
        "</a>",
        "<h2>",
        "</h2>",
        "<nav>",
        "</nav>",
        "<!--",
        "-->",
        "<![CDATA[",
        "<style>",
        "&amp;",
        "&#x00;",
        "<",
        ">",
        "\x00",
    ]
)
_MARKUP = st.lists(st.one_of(_TAGS, st.text(max_size=30)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_MARKUP)
def test_any_markup_is_read_without_error(markup: str) -> None:
    result = explain(markup, input="html")
    assert clean(markup, input="html") == result.text
    assert (
        clean(markup, input="html", output="markdown")
        == explain(markup, input="html", output="markdown").text
    )
    result.text.encode("utf-8")
    assert all(block.reason in REASONS for block in result.blocks)
