"""Conversion of free text to the SEPA basic Latin character set.

The EPC basic set allowed in SEPA files is ``a-z A-Z 0-9 / - ? : ( ) . , ' +`` and space.
Spanish banks reject or mangle anything else. ``to_sepa_text`` converts in this order:

1. ``&`` standing alone between spaces becomes the Spanish word ``Y`` ("Peña & Cía" gives
   "Pena Y Cia"); any other ``&`` becomes ``+`` ("AT&T" gives "AT+T"). Both are in the set.
2. Typographic punctuation maps to its basic equivalent: curly apostrophes become ``'``,
   dashes become ``-``, ``;`` becomes ``,``, brackets become parentheses and ``_``, ``\\``,
   ``|`` become ``-``. Double quotes and ``< >`` are dropped.
3. Letters with accents lose them through Unicode NFKD (``ñ`` gives ``n``, ``Ü`` gives ``U``,
   ``º`` gives ``o``).
4. Other scripts (Cyrillic, Greek, CJK...) are transliterated with ``text_unidecode``, the
   package sepaxml itself depends on (``ЮРИЙ`` gives ``IURII``).
5. Whatever is still outside the set becomes a space. Runs of spaces collapse to one, and the
   text is stripped, then cut to ``max_length`` and stripped again.

The output only contains characters of the set, so converting it again returns it unchanged.
XML escaping is left to the serializer, which escapes each character once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from text_unidecode import unidecode

SEPA_CHARACTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ "
)

_STANDALONE_AMPERSAND = re.compile(r"(?<=\s)&(?=\s)")
_SPACES = re.compile(r" {2,}")
_OUTSIDE_SET = re.compile(r"[^a-zA-Z0-9/\-?:().,'+ ](?=(.?))", re.DOTALL)

# Characters with an obvious equivalent in the basic set, or that must disappear ("" value).
_PUNCTUATION = {
    "&": "+",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "`": "'",
    "\u00b4": "'",
    '"': "",
    "\u201c": "",
    "\u201d": "",
    "\u201e": "",
    "\u00ab": "",
    "\u00bb": "",
    "<": "",
    ">": "",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "_": "-",
    "\\": "-",
    "|": "-",
    ";": ",",
    "[": "(",
    "]": ")",
    "{": "(",
    "}": ")",
    "\u00bf": "?",
}

# Id fields (message id, payment information id, end-to-end id, mandate reference) are 1-35
# characters of the set, and the EPC rules forbid a leading or trailing "/" and "//" inside.
_MAX_ID_LENGTH = 35


@lru_cache(maxsize=4096)
def _convert_character(char: str, next_char: str) -> str:
    if char in SEPA_CHARACTERS:
        return char
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    if char.isspace():
        return " "

    decomposed = "".join(
        part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
    )
    if decomposed and all(part in SEPA_CHARACTERS for part in decomposed):
        return decomposed

    transliterated = unidecode(char)
    # "Ю" gives "Iu": keep a name written in capitals in capitals ("ЮРИЙ" -> "IURII").
    capitals = next_char.isupper() or not next_char.isalpha()
    if char.isupper() and len(transliterated) > 1 and capitals:
        transliterated = transliterated.upper()
    return "".join(part if part in SEPA_CHARACTERS else " " for part in transliterated)


def _convert_match(match: re.Match[str]) -> str:
    return _convert_character(match.group(0), match.group(1))


def to_sepa_text(text: str, max_length: int | None = None) -> str:
    """Convert ``text`` to the SEPA basic character set, cut to ``max_length`` characters.

    See the module documentation for the rules. The result may be empty (for example for a
    text made only of symbols), so callers that need a value must check it.
    """
    if max_length is not None and max_length < 1:
        raise ValueError(f"Invalid max_length {max_length}: expected at least 1")

    text = _STANDALONE_AMPERSAND.sub("Y", text)
    # Only the characters outside the set are visited. Each match also captures the next
    # character, which decides the case of a multi-letter transliteration.
    converted = _OUTSIDE_SET.sub(_convert_match, text)
    result = _SPACES.sub(" ", converted).strip()
    if max_length is not None:
        result = result[:max_length].rstrip()
    return result


def is_valid_sepa_id(text: str) -> bool:
    """Check that ``text`` can be used as a SEPA identifier.

    Identifiers are the message id, payment information id, end-to-end id and mandate
    reference: 1 to 35 characters of the basic set, without leading or trailing spaces, not
    starting or ending with ``/`` and without ``//``.
    """
    if not text or len(text) > _MAX_ID_LENGTH:
        return False
    if text != text.strip():
        return False
    if text.startswith("/") or text.endswith("/") or "//" in text:
        return False
    return all(char in SEPA_CHARACTERS for char in text)
