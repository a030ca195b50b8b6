"""Part of stage 2 (segment): what one line of a page is, read alone: code, or not.

`line_kind` names a line that reads as code by itself (STRONG: ending in `{` or `;`, `def f(`,
`x = 1`, `print(x)`, `import os`, `#include`, a tag; PROMPT: `$ pip install x`, `>>> f()`), a
line that fits inside code (WEAK: `}`, a comment, `else`, a YAML key), or neither (NONE). The
first words it knows are data (`codewords.CODE_WORDS`). Prose is never code: a line of six words
or more, three in four of them plain words, is prose whatever it ends with (`is_prose_line`).

Lines are read as normalization keeps them (`visible_line`: without invisible characters), so
that a line reads the same when the output is cleaned again. `layout` finds the runs.

>>> [line_kind(s) for s in ("for line in f:", "}", "$ pip install cleantext", "Home | News")]
[2, 1, 3, 0]
"""

from __future__ import annotations

import re

from cleantext.codewords import (
    CODE_WORDS,
    COMPOUND,
    DECLARATION,
    DEFINITION,
    DIRECTIVE,
    FROM,
    IMPORT,
    MODIFIER,
    PACKAGE,
    SHELL,
    SQL,
    STATEMENT,
    TOOL,
)
from cleantext.normalize import INVISIBLE

__all__ = ["NONE", "PROMPT", "STRONG", "WEAK", "is_prose_line", "line_kind", "visible_line"]

#: What a line is, read alone (`line_kind`): nothing, a line that fits inside code, a line of
#: code, a shell prompt with its command (a line of code too).
NONE, WEAK, STRONG, PROMPT = 0, 1, 2, 3

# Characters that seldom stand in prose and everywhere in code (C4 drops every page with a "{"
# for that reason); not the apostrophe, prose is full of it.
_CODE_CHARS = frozenset('(){}[]=<>"*/\\$&|@#%^~`')
# What a command's arguments hold and a sentence does not: paths, options, variables, pipes.
_SHELL_CHARS = frozenset("/=~$|<>*")
_SQL_CHARS = frozenset("*=(),;'<>0123456789")
_QUOTES = frozenset("\"'`")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_IDENT_START = _LETTERS | frozenset("_$")
_IDENT = _IDENT_START | frozenset("0123456789")
_WORD = _LETTERS | frozenset("0123456789_-")  # a first word, looked up in CODE_WORDS
_PROMPT_START = _LETTERS | frozenset("./~_")
_CLOSERS = frozenset(")]};,")
_ENDERS = frozenset(",.;:!?")
# Assignment operators, longest first: "x = 1", "n += 1", "y := f()", "a ??= b".
_ASSIGNS = tuple("**= //= <<= >>= ??= ||= &&= += -= *= /= %= |= &= ^= := =".split())
_ASSIGN_START = frozenset(op[0] for op in _ASSIGNS)
_FROM_IMPORT = re.compile(r"\s[A-Za-z0-9_.]+\simport\s\S")
_DOTTED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*;?")
# "user@host:~/src$ make": the prompt Pygments' BashSessionLexer reads before a command.
_USER_PROMPT = re.compile(r"[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+(?::[^\s$#]*)?[$#]\s")

# What normalization takes out of a line: invisible characters, and the joiners it keeps only
# inside words (they are no letters either way). A line is read without them, so that it reads
# the same when the output is cleaned again; its white space is what normalization turns into
# spaces (tabs and spaces at the start are its indentation).
_HIDDEN = re.compile(INVISIBLE.pattern[:-1] + r"\u200c\u200d]")


def visible_line(line: str) -> tuple[str, int]:
    """A line as normalization keeps it, stripped, and its indentation (leading spaces and tabs).

    >>> visible_line("\\t  \\u200bx = 1 ")
    ('x = 1', 3)
    """
    # A printable line holds none of them (U+FFFC, a symbol to Unicode, aside): the common case
    # is answered without the regular expression.
    if not (line.isprintable() and "\ufffc" not in line) and _HIDDEN.search(line):
        line = _HIDDEN.sub("", line)
    s = line.lstrip()
    return s.rstrip(), len(line) - len(s)


def is_prose_line(s: str) -> bool:
    """Whether a line reads as prose: six plain words or more (letters, with at most one
    punctuation mark after them; not ALL CAPS), three in four of its tokens or more.

    >>> is_prose_line("a location is searched based on a request URI;")
    True
    >>> is_prose_line("SELECT a, b, sum(c) FROM tab1 GROUP BY a;")
    False
    """
    tokens = s.split()
    plain = 0
    for token in tokens:
        word = token[:-1] if token[-1] in _ENDERS else token
        if word.isalpha() and (len(word) == 1 or not all(map(str.isupper, word))):
            plain += 1
    return plain >= 6 and 4 * plain >= 3 * len(tokens)


def _has(chars: frozenset[str], text: str) -> bool:
    return not chars.isdisjoint(text)


def _spaced(text: str) -> bool:
    return any(c.isspace() for c in text)


def _closing(s: str, i: int) -> int:
    """The index after the bracket that closes the one at s[i] (any kind closes any kind; quoted
    strings skipped, with their backslash escapes), or -1."""
    depth = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c in _QUOTES:
            i += 1
            while i < n and s[i] != c:
                i += 2 if s[i] == "\\" else 1
            if i >= n:
                return -1
        i += 1
    return -1


def _chain(s: str, i: int) -> tuple[int, int, bool, bool]:
    """Read a name and what follows it (".name", "[...]", "(...)") from s[i]: where that ends
    (-1: no name there), how many calls, whether a call has arguments, whether there is a dot."""
    n = len(s)
    if i >= n or s[i] not in _IDENT_START:
        return -1, 0, False, False
    i += 1
    while i < n and s[i] in _IDENT:
        i += 1
    calls, args, dot = 0, False, False
    while i < n:
        c = s[i]
        if c == "." and i + 1 < n and s[i + 1] in _IDENT_START:
            dot = True
            i += 2
            while i < n and s[i] in _IDENT:
                i += 1
        elif c in "([":
            end = _closing(s, i)
            if end < 0:
                break
            if c == "(":
                calls += 1
                args = args or (end - i > 2 and not s[i + 1 : end - 1].isspace())
            i = end
        else:
            break
    return i, calls, args, dot


def _assigns(s: str, i: int) -> bool:
    """Whether s[i:], after an assignment's target, is an assignment operator and a value."""
    n = len(s)
    while i < n and s[i].isspace():
        i += 1
    if i >= n or s[i] not in _ASSIGN_START:
        return False
    for op in _ASSIGNS:
        if s.startswith(op, i):
            end = i + len(op)
            return end < n and s[end] not in "=>"  # not "==", "=>"
    return False


def _call_kind(s: str, i: int) -> int:
    """A line that is one chain of calls from s[i] ("print(x)", "app.run()", "foo();"): STRONG
    with arguments, a dot or two calls, WEAK for a bare "name()" (a list of API names is not
    code), else NONE."""
    end, calls, args, dot = _chain(s, i)
    if calls == 0 or not (end == len(s) or (end == len(s) - 1 and s[end] in ";,")):
        return NONE
    return STRONG if args or dot or calls > 1 else WEAK


def _word_end(s: str, i: int) -> int:
    while i < len(s) and s[i] in _WORD:
        i += 1
    return i


def _yaml_key(s: str) -> bool:
    """ "key: value" or "key:" with a lower-case key, as YAML and configuration files have them."""
    if not ("a" <= s[0] <= "z" or s[0] == "_"):
        return False
    end = _word_end(s, 0)
    return end < len(s) and s[end] == ":" and (end + 1 == len(s) or s[end + 1].isspace())


def line_kind(s: str) -> int:
    """What one line (`s`: stripped at both ends, not empty) is: NONE (0), WEAK (1: fits inside
    code), STRONG (2: code), PROMPT (3: a shell prompt and its command).

    >>> [line_kind(s) for s in ("for line in f:", "}", "$ pip install cleantext", "Home | News")]
    [2, 1, 3, 0]
    """
    first, last = s[0], s[-1]
    if (
        "A" <= first <= "Z"
        and "a" <= s[1:2] <= "z"
        and last not in "{([\\;"
        and "=" not in s
        and "(" not in s
        and "@" not in s
    ):
        return NONE  # most lines of prose ("The council ..."): no rule below can match them
    if s.startswith(("```", "~~~")):
        return STRONG  # a CommonMark code fence
    if first == "$" and len(s) > 2 and s[1].isspace() and s[2] in _PROMPT_START:
        return NONE if is_prose_line(s) else PROMPT  # Pygments' console lexers: "$ " and a command
    if s.startswith(">>>") and len(s) > 4 and s[3].isspace():
        return PROMPT  # the Python console, and doctest
    if s.startswith("...") and len(s) > 4 and s[3].isspace():
        return WEAK
    if first == "#":
        if s.startswith("#!/"):
            return STRONG  # a shebang
        end = _word_end(s, 1)
        if CODE_WORDS.get(s[:end]) == DIRECTIVE and (end == len(s) or s[end].isspace() or s[end] in '<"'):
            return STRONG
        if len(s) == 1 or s[1].isspace():
            return WEAK  # a comment, or a root prompt ("#news" is a tag)
    if s.startswith(("//", "/*", "<!--")):
        return WEAK
    if first in ")]}" and all(c in _CLOSERS for c in s):
        return WEAK
    if first == "<" and last == ">" and len(s) > 2 and (s[1] in _LETTERS or s[1] in "/!?"):
        return STRONG  # markup
    if first == "@":
        end, calls, _, dot = _chain(s, 1)
        if end > 0 and (dot or calls > 0):
            return STRONG  # a decorator or annotation with a dot or arguments ("@user" is a handle)
    if first == '"':
        end = s.find('"', 1)
        if end > 1 and s[end + 1 :].lstrip().startswith(":") and not is_prose_line(s):
            return STRONG  # a JSON key ('"cors": a response from ...' defines a term in prose)
    if first == "." and _call_kind(s, 1) == STRONG:
        return STRONG  # a chained call: ".then(r => r.json())"
    if first == "-" and len(s) > 2 and s[1].isspace():
        # a YAML list item: "- name: x", '- "80:80"' (a Markdown bullet, "- Flour", is not code)
        rest = s[2:].lstrip()
        return WEAK if _yaml_key(rest) or _has(_CODE_CHARS, rest) else NONE
    if first in _LETTERS and _USER_PROMPT.match(s):
        return PROMPT
    if last in "{([\\":
        return NONE if is_prose_line(s) else STRONG  # a block, a call or a line continued
    if last == ";":
        # "i++;", "margin: 0;" are code; "the second item;" is a list in prose unless its first
        # word says otherwise ("return x;").
        if _has(_CODE_CHARS, s[:-1]) or not _spaced(s):
            return NONE if is_prose_line(s) else STRONG
        kind = _word_kind(s)
        return STRONG if kind == WEAK else kind
    return _word_kind(s)


def _word_kind(s: str) -> int:
    """line_kind() of a line that starts with a name: an assignment, a call, a keyword."""
    if s[0] not in _IDENT_START:
        return NONE
    end, calls, args, dot = _chain(s, 0)
    if calls == 0 and _assigns(s, end):
        return STRONG  # "x = 1", "self.items[0] += n", "n := 0"
    if calls and (end == len(s) or (end == len(s) - 1 and s[end] in ";,")):
        return STRONG if args or dot or calls > 1 else WEAK
    head = _word_end(s, 0)
    role = CODE_WORDS.get(s[:head])
    modifiers = 0
    while role == MODIFIER and modifiers < 2 and head < len(s) and s[head].isspace():
        start = head
        while start < len(s) and s[start].isspace():
            start += 1
        modifiers += 1
        head = _word_end(s, start)
        role = CODE_WORDS.get(s[start:head])
        if role not in (MODIFIER, DEFINITION, DECLARATION):
            return NONE
    if role is None:
        return WEAK if _yaml_key(s) else NONE
    rest = s[head:]
    spaced = rest[:1].isspace()
    args_text = rest.lstrip()
    start = len(s) - len(args_text)  # where the first word's arguments start
    if role == STATEMENT:
        if not args_text.strip(";"):
            return WEAK  # "return", "break;"
        if spaced and _has(_CODE_CHARS, args_text):
            return NONE if is_prose_line(s) else STRONG
        return WEAK if spaced and not _spaced(args_text) else NONE  # "return x" / "return home"
    if role == COMPOUND:
        if s[-1] == ":":
            inner = rest[:-1]
            if not inner.strip():
                return STRONG  # "else:", "try:"
            if is_prose_line(s):
                return NONE
            if _has(_CODE_CHARS, inner) or (s[:head] == "for" and "in" in inner.split()):
                return STRONG  # "while (x):", "for x in xs:"; not "for example:"
            return NONE
        if args_text.startswith("(") and (spaced or rest.startswith("(")):
            return NONE if is_prose_line(s) else STRONG  # "if (x > 0)", "while(true)"
        return WEAK if not rest else NONE
    if role == DEFINITION:
        end = start
        if not spaced or end >= len(s) or s[end] not in _IDENT_START:
            return NONE
        while end < len(s) and s[end] in _IDENT:
            end += 1
        return STRONG if end < len(s) and s[end] in "(<:{" else NONE
    if role == DECLARATION:
        end, calls, _, _ = _chain(s, start)
        return STRONG if spaced and end > 0 and calls == 0 and _assigns(s, end) else NONE
    if role == IMPORT:
        if spaced and (_has(_QUOTES, args_text) or _is_import_list(args_text)):
            return STRONG
        return NONE
    if role == FROM:
        return STRONG if _FROM_IMPORT.match(rest) else NONE
    if role == PACKAGE:
        return STRONG if spaced and _DOTTED_NAME.fullmatch(args_text) else NONE
    if role in (TOOL, SHELL):
        if not rest:
            return WEAK
        if not spaced:
            return NONE
        if role == TOOL or _shell_args(args_text):
            return NONE if is_prose_line(s) else STRONG
        return WEAK if not _spaced(args_text) else NONE
    if role == SQL:
        if not spaced:
            return NONE
        if _has(_SQL_CHARS, args_text):
            return NONE if is_prose_line(s) else STRONG
        return WEAK if any("a" <= c <= "z" for c in args_text) else NONE
    return NONE


_IMPORT_NAME = (_IDENT - frozenset("$")) | frozenset(".*")
_ALIAS = _IDENT - frozenset("$")


def _is_import_list(s: str) -> bool:
    """A Python or Java import list: "os", "os.path as p, sys", "numpy as np;" (names of
    [A-Za-z0-9_.*], each perhaps "as" a name, after commas; a ";" at the end)."""
    i, n = 0, len(s)
    while True:
        start = i
        while i < n and s[i] in _IMPORT_NAME:
            i += 1
        if i == start:
            return False
        if i < n and s[i].isspace():
            if not (i + 3 < n and s[i + 1 : i + 3] == "as" and s[i + 3].isspace()):
                return False
            i += 4
            start = i
            while i < n and s[i] in _ALIAS:
                i += 1
            if i == start:
                return False
        if i < n and s[i] == ",":
            i += 1
            if i < n and s[i].isspace():
                i += 1
            continue
        if i < n and s[i] == ";":
            i += 1
        return i == n


def _shell_args(args: str) -> bool:
    """Arguments only a command has: an option ("-x", "--all"), a path or file name, "=", a
    variable, a pipe."""
    if _has(_SHELL_CHARS, args):
        return True
    for i in range(len(args) - 1):
        c = args[i]
        if c == "-" and (i == 0 or args[i - 1].isspace()) and not args[i + 1].isspace():
            return True
        if c == "." and not args[i + 1].isspace():
            return True
    return False
