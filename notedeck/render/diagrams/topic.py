"""Whether a deck is about neural networks: diagrams are drawn only in decks that are.

Pure. A word like *attention*, *gate*, *pooling* or *transformer* names an architecture
in a deep-learning deck and something else entirely in a vocabulary or history deck, so a
card's own term is no evidence on its own. The deck as a whole decides: it must name at
least one architecture the diagrams know, and a quarter of its cards must speak the
language of neural networks (their term or definition uses one of ``VOCABULARY``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

SHARE = 0.25  # of the cards that must use neural-network vocabulary
SAMPLE = 2000  # cards looked at, at most
# Words that mean neural-network machinery and little else (no "attention", "gate", "layer",
# "network", "epoch", "kernel" or "transformer": history, geology and electricity use those).
VOCABULARY = re.compile(
    r"\b(?:neural|neurons?|backprop\w*|back-propagation|gradients?|activations?|convolution\w*|recurrent|"
    r"lstm|gru|cnns?|rnns?|perceptrons?|softmax|relu|sigmoid|tanh|dropout|overfit\w*|regulari[sz]\w*|"
    r"optimi[sz]er|embeddings?|encoders?|decoders?|tensors?|logits?|hidden (?:layers?|states?|units?)|"
    r"deep learning|machine learning|loss function|learning rate|batch norm\w*|autoencoders?|"
    r"self-attention|multi-head|feature maps?|weights? matri\w*|trainable|fine-tun\w*|pre-?train\w*|"
    r"classifier|inference|training (?:set|data|examples?))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verdict:
    """Whether to draw diagrams in a deck, and the counts that decided it."""

    about_networks: bool
    architectures: int  # cards whose term names an architecture the diagrams know
    speaking: int  # cards that use neural-network vocabulary (counted until the verdict is sure)
    cards: int  # cards looked at: all of a small deck, an even sample of a big one

    def reason(self) -> str:  # only asked when some card names an architecture
        """Why diagrams were left out, in words."""
        return (f"{self.architectures} cards name an architecture, and {self.speaking} of {self.cards} "
                f"({self.speaking / max(self.cards, 1):.0%}) use neural-network terms; at least one and "
                f"{SHARE:.0%} are needed")


def judge(cards: Sequence[tuple[str, str]], architectures: int) -> Verdict:
    """The verdict on a deck of ``(name, definition)`` cards, ``architectures`` of which got a diagram
    from their terms (``diagrams_for``: their own concept's or an ancestor's)."""
    if not architectures:
        return Verdict(False, 0, 0, len(cards))  # no picture to draw: the vocabulary need not be counted
    # A share is a share: a big deck is judged on an even sample of its cards (the same every build).
    sample = cards[:: max(1, len(cards) // SAMPLE)]
    search, need, speaking = VOCABULARY.search, SHARE * len(sample), 0
    for name, definition in sample:
        speaking += search(name) is not None or search(definition) is not None
        if speaking >= need:  # enough: the rest cannot change the verdict
            return Verdict(True, architectures, speaking, len(sample))
    return Verdict(False, architectures, speaking, len(sample))
