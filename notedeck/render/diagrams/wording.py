"""How people write the name of an architecture, read back into the names the concepts know.

Pure. A term is tried as written first; only a term that names no concept is looked at
again, so the common case costs one search. The readings, each tried whole:

- inline Markdown gone (``**Dropout**``, ``[GAN](#gan)``, `` `ReLU` ``): rendered by
  Python-Markdown and read back as text, never unpicked by hand;
- an alias in either order and an alternative: ``ReLU (Rectified Linear Unit)``,
  ``Kernel (or Filter)``, ``Dense Layer / Fully Connected Layer``, ``GAN, aka ...``;
- a generic head word dropped: ``Attention Models``, ``GAN architecture``;
- the subject of a question: ``What is a GAN?``, ``How does dropout prevent overfitting?``,
  ``What is the role of the forget gate in an LSTM?`` (subject *forget gate*, context *LSTM*),
  and both sides of a comparison (``LSTM vs GRU``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A term whose text has any of these may read differently once looked at again.
_NEEDS_A_SECOND_LOOK = re.compile(
    r"[*_`\[(/,?:|]|\b(?:or|aka|vs\.?|versus)\b"  # markup, an alias, an alternative, a question, a comparison
    r"|\s(?:models?|architectures?|networks?|nets?|mechanisms?|modules?)$"  # a generic head word
    r"|^\W*(?:q(?:uestion)?\s*)?\d*\W*(?:what|how|why|when|which|explain|describe|define|summari[sz]e|outline|"
    r"discuss|illustrate|compare|contrast|name|list|give|can|could|please)\b", re.IGNORECASE)
_MARKUP = re.compile(r"[*_`\[]")
_TAG = re.compile(r"<[^>]+>")
_EDGES = " \t.:;,!-–—\"'“”‘’"
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# "X (Y)", "X (or Y)", "X (aka Y)", "X (also called Y)", "X (e.g. Y)" at the end of a term.
_BRACKETED = re.compile(r"^(?P<a>[^()]+?)\s*\((?:(?:or|aka|a\.k\.a\.|also(?: called| known as)?|i\.e\.|"
                        r"short for|abbr\.?)\s+)?(?P<b>[^()]+)\)\s*$", re.IGNORECASE)
_SPLIT_ALTERNATIVES = re.compile(r"\s*(?:/|\|)\s*|\s*,?\s+(?:or|aka|a\.k\.a\.|also called|also known as)\s+",
                                 re.IGNORECASE)
_COMPARISON = re.compile(r"^(?:(?:what (?:is|are) )?(?:the )?(?:main |key )?differences? between|compare|contrast)\s+"
                         r"(?P<a>.+?)\s+(?:and|with|to|vs\.?|versus)\s+(?P<b>.+)$"
                         r"|^(?P<c>.+?)\s+(?:vs\.?|versus)\s+(?P<d>.+)$"
                         r"|^how (?:does|do|is|are) (?P<e>.+?) differ(?:ent)? from (?P<f>.+)$", re.IGNORECASE)
# Generic head words: "Attention Models" is attention, "GAN architecture" a GAN.
_HEAD = re.compile(r"\s+(?:models?|architectures?|networks?|nets?|mechanisms?|modules?)$", re.IGNORECASE)
_QUESTION_NUMBER = re.compile(r"^(?:q(?:uestion)?\s*\d*\s*[.:)]|\d+\s*[.)]|q\d+\s*[.:)]?)\s*", re.IGNORECASE)
# The frame of a question around its subject, tried in order; ``s`` is the subject's phrase.
_FRAMES = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"^what (?:is|are|'s) the (?:role|purpose|function|job|use|point|idea|intuition|goal|aim|benefit|"
    r"advantage|significance|importance|meaning) (?:of|behind) (?P<s>.+)$",
    r"^what (?:is|are) (?:the )?(?:main |key |different )?(?:components|parts|types|kinds|steps|layers|building "
    r"blocks|advantages|disadvantages|benefits|limitations|drawbacks|uses|applications|variants) of (?P<s>.+)$",
    r"^what (?:problems?|issues?) (?:does|do|did) (?P<s>.+?) (?:solve|address|fix)$",
    r"^what (?:does|do|did) (?P<s>.+?) (?:do|mean|stand for|compute|learn|output)$",
    r"^what (?:is|are|'s) (?:meant by |a |an |the )?(?P<s>.+)$",
    r"^(?:how|why) (?:does|do|did|is|are|can|would|should|might) (?:we |you |one )?(?:use |choose |prefer |need )?"
    r"(?P<s>.+)$",
    r"^when (?:would|should|do|does|is|are) (?:we |you |one )?(?:use )?(?P<s>.+)$",
    r"^(?:can you |could you |please )?(?:explain|describe|define|summari[sz]e|outline|discuss|illustrate)"
    r"(?: (?:briefly|in detail|how|what|the concept of|the idea of|the architecture of|the working of))* "
    r"(?P<s>.+)$",
    r"^(?:name|list|give) (?:the )?(?:components|parts|layers|types) of (?P<s>.+)$",
))
_NEEDING = re.compile(r"^why (?:do|does|did) (?:the |a |an )?(?P<c>.+?) (?:need|use|require|have) (?:a |an |the )?"
                      r"(?P<s>.+)$", re.IGNORECASE)
# Where the subject's phrase names its context: "the forget gate in an LSTM", "stride of a convolution".
_CONTEXT = re.compile(r"^(?P<s>.+?)\s+(?:in|of|inside|within|used in|for) (?:a |an |the )?(?P<c>.+)$",
                      re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """A term read again: names to try whole (best first), and names of its context (a question's ``in X``)."""

    names: tuple[str, ...]
    context: tuple[str, ...] = ()
    compared: tuple[str, ...] = ()  # both sides of a comparison, each to try whole
    question: bool = False
    inner: tuple[str, ...] = ()  # the subject without its context ("forget gate" of "forget gate in an LSTM")


def needs_a_second_look(text: str) -> bool:
    """Whether a term that names no concept as written might name one read again."""
    return bool(_NEEDS_A_SECOND_LOOK.search(text))


def tidy(text: str) -> str:
    """Trailing punctuation, quotes and a leading article gone; spaces single.

    >>> tidy("  The  LSTM: ")
    'LSTM'
    """
    text = " ".join(text.split()).strip(_EDGES)
    return _ARTICLE.sub("", text).strip(_EDGES)


def alternatives(text: str) -> list[str]:
    """The names a term gives, in either order: ``A (B)``, ``A (or B)``, ``A / B``, ``A or B``.

    >>> alternatives("ReLU (Rectified Linear Unit)")
    ['ReLU', 'Rectified Linear Unit', 'ReLU or Rectified Linear Unit']
    >>> alternatives("Kernel (or Filter)")
    ['Kernel', 'Filter', 'Kernel or Filter']
    >>> alternatives("Dense Layer / Fully Connected Layer")
    ['Dense Layer', 'Fully Connected Layer', 'Dense Layer or Fully Connected Layer']
    """
    found: list[str] = []
    bracketed = _BRACKETED.match(text)
    parts = [bracketed.group("a"), bracketed.group("b")] if bracketed else _SPLIT_ALTERNATIVES.split(text)
    parts = [tidy(p) for p in parts if p and tidy(p)]
    if len(parts) > 1:
        found.extend(parts)
        found.append(" or ".join(parts))
    return found


def without_head(text: str) -> str | None:
    """The name without a generic head word: ``Attention Models`` → ``Attention``."""
    stripped = _HEAD.sub("", text)
    return stripped if stripped != text and stripped.strip() else None


def is_question(text: str) -> bool:
    """A question, or an instruction to explain something: a card of a Q&A post."""
    text = _QUESTION_NUMBER.sub("", text.strip())
    return text.endswith(("?", "？")) or any(f.match(text) for f in _FRAMES[-2:])


def prefixes(phrase: str) -> list[str]:
    """The phrase and its shorter starts, longest first: the subject is the longest one that names something.

    >>> prefixes("dropout prevent overfitting")
    ['dropout prevent overfitting', 'dropout prevent', 'dropout']
    """
    words = phrase.split()
    return [" ".join(words[:n]) for n in range(len(words), 0, -1)]


def question(text: str) -> Reading | None:
    """The subject of a question (and its context), or None when the text is no question.

    >>> asked = question("What is the role of the forget gate in an LSTM?")
    >>> asked.inner, asked.context
    (('forget gate', 'forget'), ('LSTM',))
    >>> question("How does dropout prevent overfitting?").names[:2]
    ('dropout prevent overfitting', 'dropout prevent')
    >>> question("What is the difference between LSTM and GRU?").compared
    ('LSTM', 'GRU')
    """
    if not is_question(text):
        return None
    body = tidy(_QUESTION_NUMBER.sub("", text.strip()).rstrip("?？ "))
    compared = _COMPARISON.match(body)
    if compared:
        a, b = (g for g in compared.groups() if g)
        return Reading((), (), (tidy(a), tidy(b)), True)
    context: tuple[str, ...] = ()
    needing = _NEEDING.match(body)
    if needing:  # "Why do Transformers need positional encoding?": the subject is what they need
        subject, context = tidy(needing.group("s")), (tidy(needing.group("c")),)
        return Reading(tuple(prefixes(subject)), context, (), True)
    for frame in _FRAMES:
        match = frame.match(body)
        if match:
            subject = tidy(match.group("s"))
            break
    else:
        return Reading((), (), (), True)  # a question without a subject the frames know: no guess
    inner: tuple[str, ...] = ()
    inside = _CONTEXT.match(subject)
    if inside:
        inner, context = tuple(prefixes(tidy(inside.group("s")))), (tidy(inside.group("c")),)
    return Reading(tuple(prefixes(subject)), context, (), True, inner)


def plain_text(html: str) -> str:
    """The text of a term's rendered HTML."""
    from html import unescape

    return unescape(_TAG.sub("", html))


def has_markup(text: str) -> bool:
    return bool(_MARKUP.search(text))
