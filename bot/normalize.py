"""One normalisation for phrasings, aliases and questions alike.

NFKC, case folding, Serbian/Macedonian Cyrillic to Latin, diacritics folded,
contractions expanded, punctuation dropped, spaces collapsed. A question and a
phrasing that differ only in script, accents, case or punctuation normalise to
the same string, which is what lets exact matching come before fuzzy matching.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Serbian and Macedonian Cyrillic as the region transliterates it; a few Russian
# and Ukrainian letters so that other Cyrillic text degrades gracefully.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e", "ж": "z",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "c", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "c", "џ": "dz", "ш": "s",
    "ѓ": "gj", "ѕ": "dz", "ќ": "kj",
    "й": "j", "ы": "y", "э": "e", "ю": "ju", "я": "ja", "щ": "sc", "ъ": "", "ь": "",
    "ё": "e", "і": "i", "ї": "ji", "є": "je", "ґ": "g",
}
# Latin letters that do not decompose into a base letter plus a combining mark.
_LATIN_EXTRA = {"đ": "dj", "ð": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"}
_TRANSLATE = str.maketrans({**_CYRILLIC, **_LATIN_EXTRA})

_APOSTROPHES = {"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"}
_PRONOUNS_IS = "what|who|where|when|how|why|it|that|there|here|he|she|which"
# Each rule with the letters every match of it has: a rule whose letters a text lacks is
# passed over (a long answer with one possessive "'s" would otherwise be scanned a dozen
# times). No rule adds an apostrophe, so one skipped can match nothing later either.
_CONTRACTION_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("won't", re.compile(r"\bwon't\b"), "will not"),
    ("can't", re.compile(r"\bcan't\b"), "cannot"),
    ("shan't", re.compile(r"\bshan't\b"), "shall not"),
    ("n't", re.compile(r"(\w)n't\b"), r"\1 not"),
    ("'s", re.compile(rf"\b({_PRONOUNS_IS})'s\b"), r"\1 is"),
    ("let's", re.compile(r"\blet's\b"), "let us"),
    ("'s", re.compile(r"'s\b"), ""),  # possessive: "EULEX's mandate" -> "EULEX mandate"
    ("'re", re.compile(r"'re\b"), " are"),
    ("'ve", re.compile(r"'ve\b"), " have"),
    ("'ll", re.compile(r"'ll\b"), " will"),
    ("'d", re.compile(r"'d\b"), " would"),
    ("i'm", re.compile(r"\bi'm\b"), "i am"),
)
# The same contractions typed without an apostrophe, as people do in chat.
_BARE_CONTRACTIONS = {
    "whats": "what is", "whos": "who is", "wheres": "where is", "hows": "how is",
    "whens": "when is", "thats": "that is", "isnt": "is not", "doesnt": "does not",
    "didnt": "did not", "dont": "do not", "cant": "cannot", "wont": "will not",
    "wasnt": "was not", "arent": "are not", "werent": "were not", "havent": "have not",
    "hasnt": "has not", "im": "i am", "ive": "i have", "youre": "you are",
}
# Symbols that carry a word ("100%" is "100 percent"), read before punctuation is dropped.
_SYMBOLS = {"%": " percent ", "&": " and ", "€": " euro ", "+": " plus "}  # "Berlin+"
# A word: a run of letters and digits (punctuation and underscores part words), found in one
# pass rather than replacing the rest by spaces and splitting.
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Fold case, script and accents, keeping punctuation (used before contractions)."""
    if text.isascii():
        # Most questions: ASCII is its own NFKC and NFD form, has no combining marks and
        # nothing to transliterate, and its case folds as lower(); the same result, without
        # a Python step per character.
        return text.lower()
    # An answer's text is mostly ASCII with a few names and dashes: only its runs of other
    # characters take the slow steps (one step per character).
    return _RUN.sub(_fold_run, text)


# A run of ASCII characters (lower-cased) or of others (folded); lower() is no casefold()
# for all of them: Cherokee folds to upper case.
_RUN = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


def _fold_run(found: re.Match[str]) -> str:
    if found.group().isascii():
        return found.group().lower()
    text = unicodedata.normalize("NFKC", found.group()).casefold().translate(_TRANSLATE)
    decomposed = unicodedata.normalize("NFD", text)
    # Translate again: an accented Cyrillic letter ("ѐ") only becomes plain "е" here.
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_TRANSLATE)


def _replace_each(text: str, replacements: dict[str, str]) -> str:
    """str.translate for a handful of characters, sooner: a long text rarely has any."""
    for char, replacement in replacements.items():
        if char in text:
            text = text.replace(char, replacement)
    return text


# Remembered for the last few texts: every question is normalised twice (is it an
# acknowledgement? then to be understood), and a clause reading again.
@functools.lru_cache(maxsize=256)
def normalize(text: str) -> str:
    """Return the canonical form of `text`: lower-case ASCII-ish words separated by spaces."""
    folded = _replace_each(fold(text), _APOSTROPHES)
    if "'" in folded:  # most questions have none: skip a dozen regular expressions
        for letters, pattern, replacement in _CONTRACTION_RULES:
            if letters in folded:
                folded = pattern.sub(replacement, folded)
    words = _WORD.findall(_replace_each(folded, _SYMBOLS))
    return " ".join(_BARE_CONTRACTIONS.get(word, word) for word in words)


# "2023-25", "2004/05": a span of years with the second one's century left out.
_YEAR_SPAN = re.compile(r"\b((?:19|20)(\d\d))\s?([-–—/])\s?(\d\d)\b(?![-–—/.]?\d)")


def full_years(text: str) -> str:
    """A span of years written short, written out ("2023-25" -> "2023-2025"): the second
    year is a year, not a figure an answer must give. Not a year and a month ("2023-11")."""
    if not any(map(str.isdigit, text)):
        return text
    return _YEAR_SPAN.sub(lambda m: f"{m[1]}{m[3]}{m[1][:2]}{m[4]}" if m[4] > m[2] else m[0], text)


def tokens(text: str) -> list[str]:
    """Normalise `text` and split it into words."""
    return normalize(text).split()
