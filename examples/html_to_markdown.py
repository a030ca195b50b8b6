"""Clean an HTML page into Markdown with its metadata: `python examples/html_to_markdown.py [page.html]`.

Without an argument it cleans a small page written below. Needs the html extra
(`pip install 'cleantext-blocks[html]'`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from cleantext import explain

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>How to brew tea | The Kitchen</title>
<link rel="canonical" href="https://kitchen.example/tea"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/recipes">Recipes</a></li></ul></nav>
<main><article>
<h1>How to brew tea</h1>
<p>Good tea needs little more than fresh water, the right temperature and patience: most of the
bitterness people complain about comes from water that is too hot or leaves left in too long.</p>
<h2>What you need</h2>
<ul><li>Fresh, cold water, brought just to the boil</li><li>Two grams of leaves per cup</li></ul>
<h2>Steeping times</h2>
<table><tr><th>Tea</th><th>Minutes</th></tr><tr><td>Green</td><td>2</td></tr><tr><td>Black</td><td>4</td></tr></table>
<p>Pour the water over the leaves, wait, and strain the tea into a warm cup before you drink it.</p>
</article></main>
<aside class="related"><h3>Read also</h3><ul><li><a href="/coffee">Ten coffee myths</a></li></ul></aside>
<footer><p>&copy; 2026 The Kitchen. All rights reserved.</p></footer>
</body></html>"""


def main() -> None:
    page = Path(sys.argv[1]).read_bytes() if len(sys.argv) > 1 else PAGE
    result = explain(page, output="markdown")
    print(result.text)
    for name, value in result.metadata.items():
        print(f"{name}: {value}", file=sys.stderr)


if __name__ == "__main__":
    main()
