"""Site profiles: learned from many pages, they drop the blocks that repeat across a site."""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleantext import REASONS, Options, clean, explain
from cleantext.cli import main
from cleantext.profile import Profile, ProfileBuilder, block_fingerprint, learn_profile, record_site, site_key
from sites import BIO, site_pages


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, str, list[str]]]:
    return site_pages("gazette.example", 30, seed=1, quotes=True) + site_pages("courier.example", 12, seed=2)


@pytest.fixture(scope="module")
def profile(corpus: list[tuple[str, str, list[str]]]) -> Profile:
    return learn_profile([(text, site) for text, site, _ in corpus])


def test_profile_drops_repeated_furniture_and_keeps_every_article_paragraph(
    corpus: list[tuple[str, str, list[str]]], profile: Profile
) -> None:
    for text, site, article in corpus:
        body = clean(text, profile=profile, site=site)
        assert body == "\n\n".join(article)
        assert clean(body, profile=profile, site=site) == body  # idempotent
        assert "Maria Lopez" in clean(text)  # the bio reads as prose: one page cannot tell


def test_a_sentence_two_articles_quote_survives(
    corpus: list[tuple[str, str, list[str]]], profile: Profile
) -> None:
    text, site, _ = corpus[0]
    result = explain(text, profile=profile, site=site)
    quote = next(b for b in result.blocks if "forgotten" in b.text)
    assert quote.kept
    # On 2 of 30 pages: below both thresholds; with them lowered it goes.
    lowered = explain(text, profile=profile, site=site, profile_min_pages=2, profile_min_share=0.05)
    assert next(b for b in lowered.blocks if "forgotten" in b.text).reason == "site_boilerplate"


def test_explain_says_on_how_many_pages_of_which_site(
    corpus: list[tuple[str, str, list[str]]], profile: Profile
) -> None:
    text, site, _ = corpus[3]
    result = explain(text, profile=profile, site=site)
    bio = next(b for b in result.blocks if b.text == BIO)
    assert (bio.kept, bio.reason) == (False, "site_boilerplate")
    assert bio.detail["where"] == "on 30 of 30 pages of site gazette.example"
    assert (bio.detail["pages"], bio.detail["of_pages"], bio.detail["site"]) == (30, 30, "gazette.example")
    promo = next(b for b in result.blocks if "Daily Letter" in b.text)
    assert promo.reason == "site_boilerplate"  # counters vary from page to page
    assert "site_boilerplate" in REASONS


def test_corpus_part_applies_to_a_page_of_an_unknown_site(
    corpus: list[tuple[str, str, list[str]]], profile: Profile
) -> None:
    text, _, article = corpus[5]
    result = explain(text, profile=profile)  # no site: the bio stands on 42 of 42 pages of the corpus
    bio = next(b for b in result.blocks if b.text == BIO)
    assert bio.reason == "site_boilerplate"
    assert bio.detail["where"] == "on 42 of 42 pages of the corpus"
    assert clean(
        text, profile=profile, site="elsewhere.example", profile_corpus_min_share=None
    ) != "\n\n".join(article)


def test_a_page_whose_only_prose_is_site_furniture_keeps_it_and_says_so(profile: Profile) -> None:
    page = f"{BIO}\n\nShare on Facebook"
    result = explain(page, profile=profile, site="gazette.example")
    bio = result.blocks[0]
    assert bio.kept and bio.reason == "content"
    assert str(bio.detail["site_boilerplate"]).startswith(
        "on 30 of 30 pages of site gazette.example; not dropped"
    )


def test_without_a_profile_or_with_another_site_nothing_changes(
    corpus: list[tuple[str, str, list[str]]], profile: Profile
) -> None:
    text, _, _ = corpus[0]
    quiet = Options(profile=profile, site="unknown.example", profile_corpus_min_share=None)
    assert clean(text, quiet) == clean(text)


def test_profiles_of_shards_merge_into_the_profile_of_all(corpus: list[tuple[str, str, list[str]]]) -> None:
    pairs = [(text, site) for text, site, _ in corpus]
    whole = learn_profile(pairs)
    assert learn_profile(pairs[:17]) + learn_profile(pairs[17:]) == whole
    assert learn_profile(pairs, jobs=2) == whole
    assert hash(learn_profile(pairs)) == hash(whole)


def test_profile_saves_and_loads_and_pickles(profile: Profile, tmp_path: Path) -> None:
    for name in ("p.json", "p.json.gz"):
        profile.save(tmp_path / name)
        assert Profile.load(tmp_path / name) == profile
    assert "Maria" not in (tmp_path / "p.json").read_text()  # fingerprints and counts, never texts
    options = Options(profile=profile, site="gazette.example")
    assert pickle.loads(pickle.dumps(options)) == options
    (tmp_path / "bad.json").write_text('{"format": "something else"}')
    with pytest.raises(ValueError, match="not a cleantext profile"):
        Profile.load(tmp_path / "bad.json")


def test_learning_memory_is_bounded_by_lossy_counting() -> None:
    builder = ProfileBuilder(error_share=0.1)  # forget rare blocks every 10 pages
    for n in range(100):
        builder.add(
            f"Unique story number {n} is about {'abcdefghij'[n % 10]} things.\n\nOur staff write every story.",
            "x",
        )
    counts = builder.profile().sites["x"]
    assert counts.pages == 100
    # The repeated block is counted exactly; of the one-page blocks, at most the last 10 pages' remain.
    assert counts.counts[block_fingerprint("our staff write every story")] == 100  # type: ignore[index]
    assert len(counts.counts) <= 11


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("3 comments updated 14 march 2025", "17 comments updated 2 june 2024"),
        ("posted 2 hours ago", "posted 5 days ago"),
        ("1 comment", "12 comments"),
        ("issue 41 monday", "issue 42 friday"),
    ],
)
def test_templated_numbers_and_dates_share_a_fingerprint(a: str, b: str) -> None:
    assert block_fingerprint(a) == block_fingerprint(b)


@pytest.mark.parametrize(
    ("a", "b"), [("the council met", "the council left"), ("our staff", "their staff"), ("about us", "about")]
)
def test_different_words_have_different_fingerprints(a: str, b: str) -> None:
    assert block_fingerprint(a) != block_fingerprint(b)


def test_sites_from_urls_and_fields() -> None:
    assert site_key("https://www.Example.com:8080/a?b") == "example.com"
    assert record_site({"url": "http://news.example/x", "site": "s"}, "site") == "s"
    assert record_site({"url": 3}) is None
    assert Options(site="https://www.example.com/page").site == "example.com"


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"profile": "profile.json"}, TypeError),
        ({"site": 3}, TypeError),
        ({"profile_min_pages": 1}, ValueError),
        ({"profile_min_share": 1.5}, ValueError),
        ({"profile_corpus_min_share": -0.1}, ValueError),
    ],
)
def test_profile_options_are_checked(options: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        Options(**options)  # type: ignore[arg-type]


def test_builder_reads_html_as_clean_does_and_skips_binary() -> None:
    builder = ProfileBuilder()
    builder.add("\x00\x01\x02\x03" * 200)
    assert builder.pages == 0
    # An HTML page's blocks come from its DOM, so a profile learned from HTML pages drops their
    # shared furniture.
    note = "Our newsletter reaches every reader of the site on Friday mornings, free of charge."
    pages = [
        (f"<!DOCTYPE html><html><body><p>{story}</p><div class='promo'>{note}</div></body></html>", "x")
        for story in (
            "The council approved the budget on Monday after a debate of four hours.",
            "A new bridge opened over the river on Tuesday, two years after work began.",
            "The library extends its opening hours to the evening from next month on.",
        )
    ]
    profile = learn_profile(pages)
    result = explain(pages[0][0], profile=profile, site="x")
    assert {b.text: b.reason for b in result.blocks}[note] == "site_boilerplate"
    with pytest.raises(TypeError):
        learn_profile([b"bytes"])  # type: ignore[list-item]


def test_profile_does_not_change_options_equality_rules() -> None:
    a = learn_profile([("Our staff write every story themselves.", "x")] * 3)
    b = learn_profile([("Our staff write every story themselves.", "x")] * 3)
    assert Options(profile=a) == Options(profile=b)
    assert dataclasses.replace(Options(profile=a), site="x") != Options(profile=a)


# -- the command line --------------------------------------------------------------------------


def _dump(path: Path, corpus: list[tuple[str, str, list[str]]], site_field: str = "site") -> Path:
    with path.open("w", encoding="utf-8") as out:
        for n, (text, site, _) in enumerate(corpus):
            out.write(json.dumps({"id": n, site_field: site, "text": text}) + "\n")
    return path


def test_cli_learns_a_profile_and_cleans_with_it(
    corpus: list[tuple[str, str, list[str]]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = _dump(tmp_path / "pages.jsonl", corpus)
    saved = tmp_path / "profile.json"
    assert main(["learn", "--jsonl", str(pages), "--site-field", "site", "-o", str(saved), "-j", "2"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("cleantext: learned 42 pages of 2 site(s)")
    assert Profile.load(saved) == learn_profile([(t, s) for t, s, _ in corpus]).prune(2)
    assert main(["--jsonl", str(pages), "--profile", str(saved), "--site-field", "site", "-j", "1"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["clean"] for r in records] == ["\n\n".join(article) for _, _, article in corpus]


def test_cli_takes_the_site_from_the_url_by_default(
    corpus: list[tuple[str, str, list[str]]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = tmp_path / "pages.jsonl"
    with pages.open("w", encoding="utf-8") as out:
        for n, (text, site, _) in enumerate(corpus):
            out.write(json.dumps({"url": f"https://www.{site}/story/{n}", "text": text}) + "\n")
    saved = tmp_path / "profile.json.gz"
    assert main(["learn", "--jsonl", str(pages), "-o", str(saved), "-j", "1"]) == 0
    assert set(Profile.load(saved).sites) == {"gazette.example", "courier.example"}
    page = tmp_path / "page.txt"
    page.write_text(corpus[4][0], encoding="utf-8")
    capsys.readouterr()
    args = [
        str(page),
        "--profile",
        str(saved),
        "--profile-min-share",
        "0.5",
        "--site",
        "https://gazette.example/",
    ]
    assert main(args) == 0
    assert capsys.readouterr().out == "\n\n".join(corpus[4][2]) + "\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["learn", "pages.jsonl", "-o", "p.json"], "learn reads JSON Lines: add --jsonl"),
        (["learn", "--jsonl", "pages.jsonl"], "learn needs -o PROFILE"),
        (["learn", "--jsonl", "pages.jsonl", "-o", "p.json", "--error-share", "2"], "--error-share"),
        (["page.txt", "--site", "example.com"], "add --profile FILE"),
        (["page.txt", "--profile", "missing.json"], "cannot read profile missing.json"),
        (["page.txt", "--profile", "page.txt"], "is not a cleantext profile"),
    ],
)
def test_cli_usage_errors_are_one_line(
    argv: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pages.jsonl").write_text('{"text": "Home"}\n', encoding="utf-8")
    (tmp_path / "page.txt").write_text("Home", encoding="utf-8")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_cli_learn_reports_a_bad_record_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = tmp_path / "pages.jsonl"
    pages.write_text('{"text": "Our staff write every story."}\nnot json\n{"body": "x"}\n', encoding="utf-8")
    assert main(["learn", "--jsonl", str(pages), "-o", str(tmp_path / "p.json")]) == 1
    err = capsys.readouterr().err
    assert "line 2: invalid JSON" in err and "line 3: no field 'text'" in err
    assert Profile.load(tmp_path / "p.json").corpus.pages == 1


def test_help_describes_learn_and_profile(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "cleantext learn" in out and "--profile" in out and "--site-field" in out
    assert main(["learn", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--site-field" in out and "--error-share" in out and "-j" in out


# -- invariants ----------------------------------------------------------------------------------


# ASCII text: what the profile adds is under test here, not the Unicode repair (test_properties).
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    parts=st.lists(
        st.sampled_from(
            [BIO, "Share on Facebook", "Home", *[p for _, _, a in site_pages("x", 3, seed=9) for p in a]]
        )
        | st.text(max_size=40),
        max_size=8,
    ),
    site=st.sampled_from([None, "gazette.example", "courier.example"]),
)
def test_with_a_profile_the_contract_holds(parts: list[str], site: str | None, profile: Profile) -> None:
    text = "\n\n".join(parts)
    result = explain(text, profile=profile, site=site)
    body = clean(text, profile=profile, site=site)
    assert body == result.text
    assert clean(body, profile=profile, site=site) == body
    assert [b.index for b in result.blocks] == list(range(len(result.blocks)))


def test_both_engines_decide_the_same_with_a_profile(
    corpus: list[tuple[str, str, list[str]]], profile: Profile
) -> None:
    for text, site, _ in corpus[:10]:
        compiled = explain(text, profile=profile, site=site)
        python = explain(text, profile=profile, site=site, engine="python")
        assert [(b.kept, b.reason, dict(b.detail)) for b in compiled.blocks] == [
            (b.kept, b.reason, dict(b.detail)) for b in python.blocks
        ]
