"""Turning text into search tokens, shared by the index and the query parser.

Both sides must cut text the same way, or a word indexed one way is searched for another:
- Latin (and other spaced scripts) become lower-case words with accents folded ("Café" -> "cafe").
  Words are separated at every non-letter, non-digit character and at every change to or from CJK,
  so "Blackwell架构" gives the word "blackwell" and the CJK run "架构".
- CJK (Chinese, Japanese kana, Korean) has no spaces between words, so it is searched as substrings:
  runs of CJK characters are kept whole (for trigram / LIKE matching of 3+ characters) and also cut
  into single characters and overlapping pairs (for 1- and 2-character queries such as 芯 or 芯片).
"""

import re
import unicodedata

# Han (with extensions and compatibility ideographs), kana, Hangul, and the ideographic marks 々〇.
CJK_CHARS = (
    "\u3005\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
_SPLIT_CJK = re.compile(f"([{CJK_CHARS}]+)")
_WORD = re.compile(r"[^\W_]+")
MAX_WORD_CHARS = 64

# PostgreSQL's English stop words (tsearch_data/english.stop). PostgreSQL drops them from both the
# index and the query, so the query parser drops them on every backend to get the same answers.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that
    these those am is are was were be been being have has had having do does did doing a an the and
    but if or because as until while of at by for with about against between into through during
    before after above below to from up down in out on off over under again further then once here
    there when where why how all any both each few more most other some such no nor not only own same
    so than too very s t can will just don should now""".split()
)


def normalize(text: str) -> str:
    """Return text in NFKC form: full-width letters become ASCII, compatibility ideographs unified."""
    return unicodedata.normalize("NFKC", text or "")


def fold_word(word: str) -> str:
    """Return a word lower-cased with accents removed, cut to MAX_WORD_CHARS."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))[:MAX_WORD_CHARS]


def split_scripts(text: str) -> list[tuple[bool, str]]:
    """Split normalized text into (is_cjk, piece) parts, in order."""
    return [(i % 2 == 1, piece) for i, piece in enumerate(_SPLIT_CJK.split(text)) if piece]


def words(text: str) -> list[str]:
    """Return the folded non-CJK words of text, in order (duplicates kept)."""
    found = []
    for is_cjk, piece in split_scripts(normalize(text)):
        if not is_cjk:
            found.extend(w for w in (fold_word(m) for m in _WORD.findall(piece)) if w and w.isalnum())
    return found


def cjk_runs(text: str) -> list[str]:
    """Return the runs of consecutive CJK characters in text, in order."""
    return _CJK_RUN.findall(normalize(text))


def cjk_grams(text: str) -> list[str]:
    """Return the distinct single characters and overlapping pairs of every CJK run, in order."""
    seen: dict[str, None] = {}
    for run in cjk_runs(text):
        for i, char in enumerate(run):
            seen.setdefault(char)
            if i + 1 < len(run):
                seen.setdefault(run[i : i + 2])
    return list(seen)


def is_cjk(term: str) -> bool:
    """Return True if term is made of CJK characters only."""
    return bool(term) and _CJK_RUN.fullmatch(term) is not None
