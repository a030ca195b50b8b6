"""Input that is not a page's text: junk pages and blocks, HTML documents, weak pages."""

from __future__ import annotations

import base64
import random

import pytest

from cleantext import REASONS, clean, clean_many, explain

ARTICLE = (
    "The regional council approved the new transport plan on Tuesday after a debate that lasted "
    "most of the afternoon, with members of every party taking part.\n\n"
    "Under the plan, bus services will run every ten minutes on the main routes, and the last "
    "trains of the evening will leave an hour later than they do now."
)
_RNG = random.Random(20261202)
RANDOM_BYTES = _RNG.randbytes(4096)


@pytest.mark.parametrize(
    "page",
    [
        RANDOM_BYTES.decode("latin-1"),
        RANDOM_BYTES.decode("utf-8", "replace"),
        base64.b64encode(RANDOM_BYTES * 4).decode("ascii"),
        "\n".join(RANDOM_BYTES[k : k + 16].hex(" ") for k in range(0, 4096, 16)),
        "\x7fELF\x02\x01\x01" + "\x00" * 40 + RANDOM_BYTES.decode("latin-1"),
        "".join(f"function f{k}(a,b){{return a*{k}+b;}}var x{k}=f{k}(1,2);" for k in range(300)),
    ],
    ids=["random latin-1", "random utf-8", "base64", "hex dump", "binary", "minified js"],
)
def test_a_page_that_is_not_language_gives_an_empty_body_with_its_own_reason(page: str) -> None:
    assert clean(page) == ""
    assert clean(page, min_content_score=0.01) == ""
    result = explain(page)
    assert result.blocks and {b.reason for b in result.blocks} <= {"not_text", "empty"}
    assert "not_text" in REASONS


def test_a_junk_block_inside_a_page_goes_as_not_text() -> None:
    blob = "data:image/png;base64," + base64.b64encode(RANDOM_BYTES[:300]).decode("ascii")
    result = explain(ARTICLE + "\n\n" + blob + "\n\nThe plan starts in spring, officials said on Tuesday.")
    by_text = {b.text: b for b in result.blocks}
    assert by_text[blob].reason == "not_text" and not by_text[blob].kept
    assert "bus services" in result.text


def test_an_html_document_is_read_as_html_not_returned_as_markup() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
    page = "<!DOCTYPE html>\n<html><head><title>News</title></head><body>" + paragraphs + "</body></html>"
    for call in (clean, lambda p: explain(p).text):
        assert call(page) == ARTICLE


def test_an_html_document_in_a_batch_is_read_as_html() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
    pages = [ARTICLE, "<html><head><title>x</title></head><body><div>" + paragraphs + "</div></body></html>"]
    assert list(clean_many(pages, jobs=1)) == [ARTICLE, ARTICLE]


def test_prose_that_mentions_tags_is_text() -> None:
    page = "In HTML, the <p> tag starts a paragraph, and <br> breaks a line inside one without a gap."
    assert clean(page) == page


def test_a_weak_page_keeps_its_best_blocks_unless_asked_not_to() -> None:
    page = "Test Case 1\n\nTest Case 2"
    assert clean(page) == "Test Case 1\n\nTest Case 2"
    assert all(b.detail.get("fallback") for b in explain(page).kept)
    assert clean(page, keep_weak_page=False) == ""


def test_an_unknown_option_names_the_function_called() -> None:
    with pytest.raises(TypeError, match=r"^clean\(\) got unknown option\(s\) min_conten_score"):
        clean(ARTICLE, min_conten_score=0.5)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"^explain\(\) got unknown"):
        explain(ARTICLE, min_conten_score=0.5)  # type: ignore[call-arg]


def test_the_cli_reports_a_record_it_cannot_read_on_one_line_and_cleans_the_rest(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    from pathlib import Path

    from cleantext.cli import main

    dump = Path(str(tmp_path)) / "pages.jsonl"
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
    html = "<html><head><title>x</title></head><body><div>" + paragraphs + "</div></body></html>"
    dump.write_text(
        json.dumps({"id": 6, "text": html})
        + "\n"
        + json.dumps({"id": 7, "text": 42})
        + "\n"
        + json.dumps({"id": 8, "text": ARTICLE})
        + "\n"
    )
    assert main(["--jsonl", str(dump)]) == 1
    out, err = capsys.readouterr()
    first, second, third = (json.loads(line) for line in out.splitlines())
    assert first["clean"] == ARTICLE
    assert second["id"] == 7 and "not a string" in second["error"] and "internal error" not in second["error"]
    assert third["clean"].startswith("The regional council")
    assert "line 2 (id=7)" in err
