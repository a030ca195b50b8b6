"""cleantext: turn the text of scraped web pages into clean article bodies.

>>> from cleantext import clean
>>> clean("Skip to content\\n\\nThe museum reopens on Friday after two years of careful "
...       "restoration work on its roof and its galleries.\\n\\nRead also:")
'The museum reopens on Friday after two years of careful restoration work on its roof and its galleries.'
"""

from cleantext.batch import clean_many
from cleantext.classify import REASONS as _CLASSIFY_REASONS
from cleantext.options import LANGUAGES, PRESETS, Options
from cleantext.pipeline import Block, Result, clean, explain
from cleantext.stats import Stats

__all__ = [
    "LANGUAGES",
    "PRESETS",
    "REASONS",
    "Block",
    "Options",
    "Result",
    "Stats",
    "clean",
    "clean_many",
    "explain",
]
__version__ = "0.1.0"

#: Every reason code a block can carry.
REASONS: tuple[str, ...] = (*_CLASSIFY_REASONS, "duplicate", "empty")
