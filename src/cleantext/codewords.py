"""Data: the first words that make a line of text a line of code, by what they do there.

Read by `layout.line_kind` (and, through the same table, by the compiled core). Case-sensitive:
keywords are lower case in the languages that have them (Python, JavaScript, C, Java, Go, Rust,
Ruby, PHP, shell) and SQL's are upper case by convention, so "If you want:" and "FROM THE
ARCHIVE" stay prose. The lists are the statement and declaration keywords of those languages as
their syntax highlighters list them (Pygments' lexers), the C preprocessor's directives, and the
commands of install and build instructions.
"""

from __future__ import annotations

__all__ = ["CODE_WORDS"]

# Roles (the values of CODE_WORDS); layout.py reads each role's rule.
STATEMENT = 1  # then an expression: "return x * 2", "raise ValueError(...)"
COMPOUND = 2  # a compound statement: "for x in xs:", "if (x > 0)", "else:"
DEFINITION = 3  # then a name and "(", "<", ":" or "{": "def f(", "class Name:", "fn f<"
MODIFIER = 4  # before a definition or declaration: "async def", "export const", "pub fn"
DECLARATION = 5  # then a name and "=": "const x = 1", "int n = 0"
IMPORT = 6  # "import os, sys", 'import x from "y"'
FROM = 7  # "from x import y"
PACKAGE = 8  # then one dotted name: "package main", "namespace app.models;"
TOOL = 9  # commands that are nothing but commands: "pip install x", "git clone url"
SHELL = 10  # commands that are words too ("go home", "make sense"): code only with a flag or a path
SQL = 11  # then an expression: "SELECT a, b", "WHERE x = 1"
DIRECTIVE = 12  # the C preprocessor's, and Objective-C's #import


def _role(role: int, words: str) -> dict[str, int]:
    return dict.fromkeys(words.split(), role)


#: First word -> role.
CODE_WORDS: dict[str, int] = {
    **_role(
        STATEMENT,
        "return yield raise throw await new delete echo print puts assert del defer break continue pass",
    ),
    **_role(
        COMPOUND, "if elif else for while with try except finally catch switch case default do unless until"
    ),
    **_role(DEFINITION, "def class fn func function fun sub struct enum interface trait impl"),
    **_role(
        MODIFIER,
        "async export pub public private protected static final abstract unsafe extern inline virtual "
        "override readonly",
    ),
    **_role(
        DECLARATION,
        "const let var val my local auto int long short float double char bool boolean string byte unsigned signed",
    ),
    "import": IMPORT,
    "from": FROM,
    **_role(PACKAGE, "package module namespace"),
    **_role(
        TOOL,
        "sudo pip pip3 pipx npm npx yarn pnpm git docker podman kubectl helm curl wget apt apt-get dnf yum "
        "pacman brew cargo rustup conda poetry systemctl journalctl chmod chown mkdir rsync scp",
    ),
    **_role(SHELL, "cd ls cat go make python python3 node rm cp mv grep tar ssh sed awk find source"),
    **_role(
        SQL,
        "SELECT INSERT UPDATE DELETE CREATE ALTER DROP FROM WHERE JOIN LEFT RIGHT INNER OUTER FULL GROUP "
        "ORDER HAVING LIMIT OFFSET VALUES SET UNION WITH AND OR ON INTO",
    ),
    **_role(
        DIRECTIVE, "#include #define #undef #if #ifdef #ifndef #elif #else #endif #pragma #import #error"
    ),
}
