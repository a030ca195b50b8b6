"""Code and tables: a run of lines that is code or a table is one block that keeps its layout;
prose, menus, lists and poems stay one block per line (issue 15)."""

from __future__ import annotations

import pytest

from cleantext import clean, explain
from cleantext.core import core_status

ENGINES = ["python", "compiled"] if core_status() == "compiled" else ["python"]

# Each text is one block, exactly as written (its layout is already tidy).
ONE_BLOCK = [
    (
        "python, indented",
        "def mean(values):\n    total = 0\n    for v in values:\n        total += v\n    return total / len(values)",
    ),
    (
        "the issue's loop",
        "for line in f:\n    line = line.strip()\n    if not line:\n        continue\n    print(line)",
    ),
    (
        "python with a blank line between functions",
        "import os\n\ndef home():\n    return os.environ['HOME']\n\ndef user():\n    return os.environ['USER']",
    ),
    (
        "javascript, braces",
        "function greet(name) {\n  if (!name) {\n    return 'Hello, world';\n  }\n  return `Hello, ${name}`;\n}",
    ),
    ("c with an include", '#include <stdio.h>\n\nint main(void) {\n    printf("hi\\n");\n    return 0;\n}'),
    ("go, tabs", 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello")\n}'),
    ("css", "body {\n  font-family: sans-serif;\n  margin: 0;\n}"),
    (
        "shell session with output",
        "$ pip install cleantext\nCollecting cleantext\nSuccessfully installed cleantext-0.1.0\n$ cleantext page.txt",
    ),
    ("shell commands", "git clone https://example.org/app.git\ncd app\nmake install PREFIX=/usr/local"),
    ("python console", ">>> from cleantext import clean\n>>> clean('Menu')\n''"),
    ("sql", "SELECT name, email\nFROM users\nWHERE active = 1\nORDER BY name;"),
    ("yaml", 'services:\n  web:\n    image: nginx:1.25\n    ports:\n      - "80:80"'),
    ("markdown fence", "```python\nresult = compute(data)\nshow(result)\n```"),
    ("markdown table", "| Name | Price |\n|------|------:|\n| Tea  | 2.50  |\n| Cake | 3.00  |"),
    ("pipe table framed", "| Name | Price |\n| Tea  | 2.50  |\n| Cake | 3.00  |"),
    (
        "grid table",
        "+------+-------+\n| Name | Price |\n+------+-------+\n| Tea  | 2.50  |\n+------+-------+",
    ),
    ("tab-separated table", "Name\tPrice\tStock\nTea\t2.50\t12\nCake\t3.00\t4"),
    # Scrapers that put a blank line between all lines and strip indentation: the lines that
    # read as code by themselves still make one block.
    (
        "flask example, double-spaced",
        'from flask import Flask\n\napp = Flask(__name__)\n\n@app.route("/")\n\ndef hello_world():\n\n'
        'return "<p>Hello, World!</p>"',
    ),
    ("javascript, double-spaced", "function square(number) {\n\nreturn number * number;\n\n}"),
    ("css, double-spaced", "body {\n\nfont-family: sans-serif;\n\nmargin: 0;\n\n}"),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "text"), ONE_BLOCK, ids=[name for name, _ in ONE_BLOCK])
def test_must_be_one_block(engine: str, name: str, text: str) -> None:
    blocks = [b for b in explain(text, engine=engine).blocks if b.text]
    assert [(b.text, b.start, b.end) for b in blocks] == [(text, 0, len(text))]


# Each text: its blocks, one per line as before (no block keeps a line break).
APART = [
    (
        "prose paragraphs",
        "The council approved the budget on Monday.\nOpening hours will be longer from spring.\n"
        "Critics said the plan was too expensive.",
        [
            "The council approved the budget on Monday.",
            "Opening hours will be longer from spring.",
            "Critics said the plan was too expensive.",
        ],
    ),
    (
        "prose ending in semicolons",
        "The licensee shall pay the fee within thirty days of the invoice;\n"
        "the licensor shall deliver the goods within ten working days;\n"
        "both parties shall keep the terms of this agreement confidential.",
        [
            "The licensee shall pay the fee within thirty days of the invoice;",
            "the licensor shall deliver the goods within ten working days;",
            "both parties shall keep the terms of this agreement confidential.",
        ],
    ),
    ("menu", "Home\nNews\nSport\nWeather\nContact", ["Home", "News", "Sport", "Weather", "Contact"]),
    (
        "menus with pipes",
        "Home | News | Sport\n\nAbout | Contact | Jobs",
        ["Home | News | Sport", "About | Contact | Jobs"],
    ),
    ("list", "- Flour\n- Sugar\n- Eggs\n- Butter", ["- Flour", "- Sugar", "- Eggs", "- Butter"]),
    (
        "poem, indented",
        "Shall I compare thee to a summer's day?\n  Thou art more lovely and more temperate:\n"
        "Rough winds do shake the darling buds of May,\n  And summer's lease hath all too short a date;",
        [
            "Shall I compare thee to a summer's day?",
            "Thou art more lovely and more temperate:",
            "Rough winds do shake the darling buds of May,",
            "And summer's lease hath all too short a date;",
        ],
    ),
    (
        "specifications",
        "Colour: Red\nWeight: 1.2 kg\nSize: Large",
        ["Colour: Red", "Weight: 1.2 kg", "Size: Large"],
    ),
    (
        "hard-wrapped prose with code words",
        "You can set the value in the configuration with\nx = 1 and then read it back with\nprint(x) at any time.",
        [
            "You can set the value in the configuration with x = 1 and then read it back with print(x) at any time."
        ],
    ),
    ("a list of API names", "accumulate()\n\nbatched()\n\nchain()", ["accumulate()", "batched()", "chain()"]),
    (
        "server output as bullets",
        "* Serving Flask app 'hello'\n\n* Running on http://127.0.0.1:5000",
        ["* Serving Flask app 'hello'", "* Running on http://127.0.0.1:5000"],
    ),
    ("tags and handles", "#news\n#sport\n@nytimes\n@guardian", ["#news", "#sport", "@nytimes", "@guardian"]),
    ("words that start code", "for example:\nif you want:", ["for example:", "if you want:"]),
    ("one line of code", "x  =  compute(1,  2)", ["x = compute(1, 2)"]),
    ("two code lines apart", "x = 1\n\n\ny = 2", ["x = 1", "y = 2"]),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "text", "expected"), APART, ids=[name for name, _, _ in APART])
def test_must_stay_apart(engine: str, name: str, text: str, expected: list[str]) -> None:
    assert [b.text for b in explain(text, engine=engine).blocks if b.text] == expected


ARTICLE = (
    "The council published the script that counts the votes, so that anyone can check the result "
    "of the election on their own computer.",
    "Anyone who runs it gets the same totals as the council, as long as the data file is the one "
    "the council published on its website.",
)


@pytest.mark.parametrize("engine", ENGINES)
def test_code_between_paragraphs_is_kept_whole_with_its_indentation(engine: str) -> None:
    code = "def total(votes):\n    count = 0\n    for vote in votes:\n        count += vote\n    return count"
    page = "\n\n".join(
        ["Home", "News", ARTICLE[0], "Run it like this:", code, ARTICLE[1], "Share on Facebook"]
    )
    result = explain(page, engine=engine)
    assert code in [b.text for b in result.kept]
    assert code in result.text


@pytest.mark.parametrize("engine", ENGINES)
def test_every_row_of_a_table_is_kept(engine: str) -> None:
    table = "| District | Votes |\n|---|---:|\n| North | 1,204 |\n| South | 987 |\n| East | 1,410 |"
    page = "\n\n".join(["Home", "News", ARTICLE[0], "The results by district:", table, ARTICLE[1]])
    assert table in clean(page, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_phrases_inside_code_do_not_drop_it(engine: str) -> None:
    # Phrase data names furniture such as cookie notices ("... if the cookie is missing"); a
    # listing that reads cookies is code, and only the model judges it.
    code = (
        "from flask import request\n\ndef index():\n"
        "    username = request.cookies.get('username')\n"
        "    # use cookies.get(key) instead of cookies[key] to not get a\n"
        "    # KeyError if the cookie is missing."
    )
    blocks = explain(code, engine=engine).blocks
    assert [b.text for b in blocks] == [code]
    assert blocks[0].reason != "cookie_notice"


@pytest.mark.parametrize("engine", ENGINES)
def test_code_blocks_are_kept_verbatim_and_tables_repaired(engine: str) -> None:
    # A code sample may show an entity or mojibake on purpose; a table of data is repaired.
    code = "x = '&amp;'\nname = 'cafÃ©'"
    table = "| Dish | Price |\n|---|---|\n| CafÃ© crème | 3 |"
    assert [b.text for b in explain(code, engine=engine).blocks] == [code]
    assert [b.text for b in explain(table, engine=engine).blocks] == [table.replace("CafÃ©", "Café")]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_body_keeps_two_code_lines_apart_that_the_page_kept_apart(engine: str) -> None:
    # One blank line would join them into one block of code when the body is cleaned again.
    page = "x = 1\n\nHome\n\ny = 2"
    body = clean(page, engine=engine, min_content_score=0.0)
    assert body == "x = 1\n\n\ny = 2"
    assert clean(body, engine=engine, min_content_score=0.0) == body


@pytest.mark.parametrize("engine", ENGINES)
def test_code_before_prose_is_no_heading(engine: str) -> None:
    # A short kept line before prose is named a heading; code or a table never is one.
    code = "x = load(path)\ny = x.mean()"
    page = "\n\n".join([ARTICLE[0], code, ARTICLE[1]])
    blocks = {b.text: b for b in explain(page, engine=engine, min_content_score=0.0).blocks}
    assert blocks[code].kept
    assert blocks[code].reason == "content"
