"""Sequence and language models: seq2seq, bidirectional RNNs, word2vec, the Transformer's parts and its heirs.

Modelled on Sutskever et al. 2014 (seq2seq), Schuster & Paliwal 1997 (bidirectional RNN),
Mikolov et al. 2013 (CBOW and skip-gram), Vaswani et al. 2017 (multi-head attention, the
sinusoidal positional encoding), Devlin et al. 2019 (BERT), Radford et al. 2018 (GPT),
Dosovitskiy et al. 2021 (ViT) and Shazeer et al. 2017 (mixture of experts).
"""

from __future__ import annotations

import math

from .flow import Canvas
from .registry import Concept, Drawing, Part, Picture
from .svg import FILLS, INK, MUTED, add_box, add_circle, num, path_data

# --- seq2seq ----------------------------------------------------------------------------

SEQ2SEQ_PARTS = ("encoder", "context", "decoder")


def draw_seq2seq(highlight: str | None = None) -> Picture:
    """Sutskever et al. 2014: an encoder RNN reads the source, its last state is the context, a decoder RNN writes."""
    c = Canvas("seq2seq", 640, 300, "Sequence to sequence (encoder–decoder)",
               "An encoder RNN reads the input sequence and compresses it into a context vector, its final "
               "hidden state; a decoder RNN starts from that context and generates the output sequence one "
               "token at a time, each output fed back as the next input.", highlight, SEQ2SEQ_PARTS)
    c.frame(8, 96, 272, 150, key="encoder")
    c.frame(340, 96, 292, 150, key="decoder")
    words = ("je", "suis", "étudiant")
    for k, word in enumerate(words):
        x = 30 + 84 * k
        c.box(x + 4, 120, 56, 40, "h", "green")
        c.box(x - 2, 200, 68, 32, word, "blue", size=13)
        c.arrow((x + 32, 200), (x + 32, 162))
        if k:
            c.arrow((x - 20, 140), (x + 2, 140))
    c.arrow((260, 140), (286, 140))
    c.box(288, 116, 46, 48, "c", "yellow", key="context", size=17, tag="above")
    c.text(311, 186, "context", size=13, muted=True)
    c.arrow((334, 140), (352, 140))
    outs = ("I", "am", "a", "student", "⟨eos⟩")
    ins = ("⟨sos⟩", "I", "am", "a", "student")
    for k, (out, inp) in enumerate(zip(outs, ins)):
        x = 354 + 55 * k
        c.box(x, 120, 46, 40, "s", "green")
        c.box(x - 4, 200, 54, 32, inp, "blue", size=13)
        c.arrow((x + 23, 200), (x + 23, 162))
        c.arrow((x + 23, 120), (x + 23, 80))
        c.text(x + 23, 72, out, size=13, weight="bold")
        if k:
            c.arrow((x - 9, 140), (x - 2, 140))
    c.text(320, 30, "source sequence → fixed-size context c → target sequence", size=15, weight="bold")
    c.text(486, 270, "decoder: each output is the next input", size=13)
    c.text(144, 270, "encoder: reads the whole input", size=13)
    return c.picture("Sequence to sequence: an encoder RNN reads 'je suis étudiant' into hidden states whose last is "
                     "the context vector c; a decoder RNN starts from c with ⟨sos⟩ and writes 'I am a student ⟨eos⟩', "
                     "feeding each output back in as its next input.")


# --- bidirectional RNN ------------------------------------------------------------------


def draw_bidirectional_rnn(highlight: str | None = None) -> Picture:
    """Schuster & Paliwal 1997: one RNN reads left to right, another right to left; each step's output sees both."""
    c = Canvas("bidirectional-rnn", 600, 330, "Bidirectional RNN",
               "Two recurrent layers read the same sequence, one forwards and one backwards; at each step the "
               "output combines both hidden states, so it depends on the past and the future.")
    for k in range(4):
        x = 90 + 130 * k
        c.box(x - 22, 270, 44, 34, f"x_{k + 1}", "blue")
        c.box(x - 28, 190, 56, 36, "→h", "green")
        c.box(x - 28, 120, 56, 36, "←h", "orange")
        c.box(x - 22, 30, 44, 34, f"y_{k + 1}", "purple")
        c.arrow((x, 270), (x, 228))
        c.line((x - 14, 270), (x - 14, 250), (x - 44, 250), (x - 44, 138), width=1.4)
        c.arrow((x - 44, 138), (x - 30, 138), width=1.4)
        c.line((x + 14, 190), (x + 14, 176), (x + 40, 176), (x + 40, 60), width=1.4)
        c.arrow((x + 40, 60), (x + 40, 48), (x + 24, 48), width=1.4)
        c.arrow((x, 120), (x, 66))
        if k < 3:
            c.arrow((x + 28, 200), (x + 100, 200), width=2)
            c.arrow((x + 100, 146), (x + 28, 146), width=2, dashed=True)
    c.text(530, 213, "forward", size=13, anchor="start", muted=True)
    c.text(530, 151, "backward", size=13, anchor="start", muted=True)
    c.text(300, 322, "yₜ = g(W [→hₜ ; ←hₜ]): each output sees the whole sequence", size=13, muted=True)
    return c.picture("Bidirectional RNN: inputs x1 to x4 feed a forward layer →h passing left to right and a backward "
                     "layer ←h passing right to left; each output yt combines both hidden states.")


# --- word2vec ---------------------------------------------------------------------------

WORD2VEC_PARTS = ("cbow", "skip-gram")
_CONTEXT_WORDS = ("the", "cat", "on", "the")  # w(t−2), w(t−1), w(t+1), w(t+2) around "sat"


def _w2v_panel(c: Canvas, left: float, key: str) -> None:
    lit = c.lit(key)
    c.frame(left, 40, 300, 270, key=key, quiet=False)
    c.text(left + 150, 64, "CBOW" if key == "cbow" else "Skip-gram", size=16, weight="bold")
    c.text(left + 150, 84, "context → centre word" if key == "cbow" else "centre word → context", size=13,
           muted=not lit)
    words = [f"w(t{d:+d})".replace("-", "−") for d in (-2, -1, 1, 2)]
    ys = [112 + 46 * k for k in range(4)]
    side_x, mid_x, far_x = (left + 14, left + 130, left + 220) if key == "cbow" else (left + 216, left + 130, left + 12)
    for word, shown, y in zip(words, _CONTEXT_WORDS, ys):
        c.box(side_x, y, 70, 34, word, "blue", size=13, sub=None)
        if key == "cbow":
            c.arrow((side_x + 70, y + 17), (mid_x - 2, 195))
        else:
            c.arrow((mid_x + 56, 195), (side_x - 2, y + 17))
        c.text(side_x + (84 if key == "cbow" else -14), y + 12, f"“{shown}”", size=13,
               anchor="start" if key == "cbow" else "end", muted=True)
    c.box(mid_x, 175, 56, 40, "SUM" if key == "cbow" else "proj", "yellow", size=13)
    c.box(far_x, 175, 70, 40, "w(t)", "green", size=14)
    if key == "cbow":
        c.arrow((mid_x + 56, 195), (far_x - 2, 195))
    else:
        c.arrow((far_x + 70, 195), (mid_x - 2, 195))
    c.text(far_x + 35, 232, "“sat”", size=13, muted=True)


def draw_word2vec(highlight: str | None = None) -> Picture:
    """Mikolov et al. 2013, Fig. 1: CBOW predicts the centre word from its context; skip-gram the context from it."""
    c = Canvas("word2vec", 640, 360, "word2vec: CBOW and skip-gram",
               "Two panels. CBOW sums the vectors of the context words w(t−2), w(t−1), w(t+1), w(t+2) to predict "
               "the centre word w(t); skip-gram projects the centre word to predict each context word.",
               highlight, WORD2VEC_PARTS)
    _w2v_panel(c, 12, "cbow")
    _w2v_panel(c, 328, "skip-gram")
    c.text(320, 340, "“the cat sat on the mat”: the learned projection weights are the word vectors", size=13,
           muted=True)
    return c.picture("word2vec after Mikolov et al.: CBOW sums the context words w(t−2), w(t−1), w(t+1), w(t+2) "
                     "('the cat … on the') to predict the centre word w(t) ('sat'); skip-gram projects w(t) to "
                     "predict each context word.")


# --- multi-head attention ---------------------------------------------------------------


def draw_multi_head_attention(highlight: str | None = None) -> Picture:
    """Vaswani et al. 2017, Fig. 2 (right): h heads of scaled dot-product attention on projected V, K, Q, concatenated."""
    c = Canvas("multi-head-attention", 520, 470, "Multi-head attention",
               "V, K and Q each pass through h separate linear projections; each head runs scaled dot-product "
               "attention; the h outputs are concatenated and projected by a final linear layer.")
    cx = 260
    c.box(cx - 80, 40, 160, 36, "Linear", "purple")
    c.arrow((cx, 40), (cx, 16))
    c.box(cx - 80, 110, 160, 36, "Concat", "yellow")
    c.arrow((cx, 110), (cx, 78))
    for k in (2, 1, 0):  # h stacked heads: the back ones peek out
        add_box(c.root, cx - 120 + 8 * k, 180 - 8 * k, 240, 60, FILLS["orange"], rx=6)
    c.text(cx, 208, "Scaled Dot-Product", size=15, weight="bold")
    c.text(cx, 228, "Attention", size=15, weight="bold")
    c.text(cx + 150, 186, "h heads", size=15, weight="bold", anchor="start")
    c.text(cx + 150, 206, "(in parallel)", size=13, anchor="start", muted=True)
    c.arrow((cx, 180 - 16), (cx, 148))
    for x, label in ((cx - 110, "V"), (cx, "K"), (cx + 110, "Q")):
        for k in (2, 1, 0):
            add_box(c.root, x - 45 + 6 * k, 300 - 6 * k, 90, 36, FILLS["purple"], rx=5)
        c.text(x, 323, "Linear", size=14, weight="bold")
        c.arrow((x, 288), (x, 242))
        c.box(x - 20, 400, 40, 34, label, "blue", size=16)
        c.arrow((x, 400), (x, 338))
    c.text(cx, 462, "headᵢ = Attention(Q Wᵢ^Q, K Wᵢ^K, V Wᵢ^V);  MultiHead = Concat(head₁…headₕ) W^O", size=13)
    return c.picture("Multi-head attention after Vaswani et al.: V, K and Q each go through h linear projections, "
                     "h heads of scaled dot-product attention run in parallel, their outputs are concatenated and a "
                     "final linear layer projects them.")


# --- positional encoding ----------------------------------------------------------------

PE_DIMS = (0, 2, 4, 6)  # the sine dimensions drawn
PE_MODEL = 16  # d_model of the worked example


def positional_encoding(pos: int, i: int, d_model: int = PE_MODEL) -> float:
    """PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(…)."""
    angle = pos / 10000 ** (2 * (i // 2) / d_model)
    return math.sin(angle) if i % 2 == 0 else math.cos(angle)


def draw_positional_encoding(highlight: str | None = None) -> Picture:
    """Vaswani et al. 2017, §3.5: each dimension a sinusoid of its own wavelength, added to the embeddings."""
    c = Canvas("positional-encoding", 600, 380, "Sinusoidal positional encoding",
               f"Curves of PE(pos, i) for dimensions {', '.join(map(str, PE_DIMS))} of a {PE_MODEL}-dimensional "
               "encoding over positions 0 to 40: low dimensions oscillate fast, high ones slowly; the vector is "
               "added to each token's embedding.")
    c.text(300, 28, "PE(pos, 2i) = sin(pos / 10000^(2i/d)),  PE(pos, 2i+1) = cos(…)", size=14, weight="bold")
    left, right, dashes = 60, 560, (None, "8 5", "2 4", "12 4 2 4")
    for k, dim in enumerate(PE_DIMS):
        mid = 80 + 62 * k
        c.root.add("path", d=f"M{left} {mid}H{right}", stroke=MUTED, stroke_width=0.8)
        fine = [(left + (right - left) * q / 80, mid - 22 * positional_encoding(q / 2, dim)) for q in range(81)]
        line = c.root.add("path", d=path_data(fine), fill="none", stroke=INK, stroke_width=2.2)
        if dashes[k]:
            line.attrs.append(("stroke-dasharray", dashes[k]))
        c.text(left - 8, mid + 5, f"i = {dim}", size=13, anchor="end")
    c.root.add("path", d=f"M{left} 330H{right}", stroke=INK, stroke_width=1.5)
    for p in range(0, 41, 10):
        x = left + (right - left) * p / 40
        c.root.add("path", d=f"M{num(x)} 326v8", stroke=INK, stroke_width=1.5)
        c.text(x, 350, str(p), size=13, muted=True)
    c.text(310, 372, "position pos →  (each token gets one column of values, added to its embedding)", size=13)
    return c.picture("Sinusoidal positional encoding: sine curves for dimensions 0, 2, 4 and 6 of a 16-dimensional "
                     "encoding over positions 0 to 40, fast for low dimensions and slower for higher ones; the "
                     "vector for a position is added to the token's embedding.")


# --- BERT, GPT --------------------------------------------------------------------------

BERT_PARTS = ("mlm", "cls")


def _stack(c: Canvas, x: float, y: float, w: float, h: float, label: str, sub: str, fill: str) -> None:
    c.box(x, y, w, h, label, fill, sub=sub)
    c.text(x - 10, y + h / 2 + 5, "N×", size=16, anchor="end", weight="bold")


def draw_bert(highlight: str | None = None) -> Picture:
    """Devlin et al. 2019: a Transformer encoder reads [CLS] + tokens with some [MASK]ed, both directions at once."""
    c = Canvas("bert", 620, 340, "BERT",
               "A stack of Transformer encoder layers reads a sentence with [CLS] in front and some tokens "
               "replaced by [MASK]; every token attends to every other in both directions. Pre-training predicts "
               "the masked tokens; the [CLS] output feeds a classifier when fine-tuned.", highlight, BERT_PARTS)
    tokens = ("[CLS]", "my", "dog", "[MASK]", "cute", "[SEP]")
    xs = [70 + 96 * k for k in range(len(tokens))]
    _stack(c, 50, 130, 540, 70, "Transformer encoder", "bidirectional self-attention: every token sees all", "green")
    for k, (x, token) in enumerate(zip(xs, tokens)):
        c.box(x - 36, 270, 72, 34, token, "grey" if token.startswith("[") else "blue", size=13)
        c.arrow((x, 270), (x, 202))
        c.arrow((x, 130), (x, 98))
        if k == 0:
            c.box(x - 36, 58, 72, 38, "C", "yellow", key="cls", tag="above")
        elif k == 3:
            c.box(x - 44, 58, 88, 38, "“is”", "yellow", key="mlm", tag="above", size=14)
        else:
            c.box(x - 30, 60, 60, 34, f"T_{k}", "grey", size=16, weight=None)
    c.text(xs[0], 24, "class label", size=13, muted=True)
    c.text(xs[3], 24, "predict the masked word", size=13, muted=True)
    c.text(310, 328, "pre-training: masked language model + next-sentence prediction", size=13, muted=True)
    return c.picture("BERT: tokens '[CLS] my dog [MASK] cute [SEP]' enter a stack of Transformer encoder layers with "
                     "bidirectional self-attention; the output at [MASK] predicts the hidden word ('is'), the output "
                     "C at [CLS] feeds a classifier.")


GPT_CAUSAL = 5  # tokens in the mask grid


def draw_gpt(highlight: str | None = None) -> Picture:
    """Radford et al. 2018: a Transformer decoder stack with masked (causal) self-attention predicts the next token."""
    c = Canvas("gpt", 620, 340, "GPT (decoder-only Transformer)",
               "A stack of Transformer decoder layers with masked self-attention: each token attends only to "
               "itself and earlier tokens, and the output at each position predicts the next token.")
    tokens = ("The", "cat", "sat", "on")
    nexts = ("cat", "sat", "on", "the")
    xs = [60 + 80 * k for k in range(4)]
    _stack(c, 30, 130, 320, 70, "Transformer decoder", "masked self-attention", "orange")
    for x, token, nxt in zip(xs, tokens, nexts):
        c.box(x - 30, 270, 60, 34, token, "blue", size=14)
        c.arrow((x, 270), (x, 202))
        c.arrow((x, 130), (x, 96))
        c.box(x - 32, 58, 64, 36, nxt, "yellow", size=14)
    c.text(190, 30, "next-token prediction at every position", size=13, muted=True)
    # The causal mask: row i attends to columns ≤ i.
    cell, gx, gy = 30, 420, 110
    c.text(gx + 75, 72, "attention mask", size=14, weight="bold")
    c.text(gx + 75, 92, "row attends to column", size=13, muted=True)
    for r in range(4):
        for col in range(4):
            allowed = col <= r
            c.root.add("rect", x=gx + col * cell, y=gy + r * cell, width=cell, height=cell,
                       fill=FILLS["green"] if allowed else "#ffffff", stroke=INK, stroke_width=1)
            if not allowed:
                c.root.add("path", d=f"M{gx + col * cell + 8} {gy + r * cell + 8}l14 14m0 -14l-14 14", stroke=MUTED,
                           stroke_width=1.5)
        c.text(gx - 6, gy + r * cell + 20, tokens[r], size=13, anchor="end")
        c.text(gx + r * cell + 15, gy + 4 * cell + 18, tokens[r], size=13)
    c.text(gx + 60, gy + 4 * cell + 44, "✕ = future: hidden", size=13, muted=True)
    return c.picture("GPT: tokens 'The cat sat on' enter a stack of Transformer decoder layers with masked "
                     "self-attention; each position predicts the next token ('cat sat on the'); a lower-triangular "
                     "mask lets each token attend only to itself and earlier tokens.")


# --- ViT --------------------------------------------------------------------------------

VIT_PARTS = ("patches", "encoder")


def draw_vit(highlight: str | None = None) -> Picture:
    """Dosovitskiy et al. 2021, Fig. 1: image → patches → linear projection + position embeddings + [class] → encoder → MLP head."""
    c = Canvas("vit", 620, 360, "Vision Transformer (ViT)",
               "An image is split into fixed-size patches; each is flattened and linearly projected; a learned "
               "[class] embedding is prepended and position embeddings added; a Transformer encoder processes "
               "the sequence and an MLP head classifies from the [class] output.", highlight, VIT_PARTS)
    # The image, split 3×3.
    c.root.add("rect", x=20, y=230, width=96, height=96, fill=FILLS["blue"], stroke=INK, stroke_width=1.5)
    c.root.add("path", d="M52 230v96M84 230v96M20 262h96M20 294h96", stroke=INK, stroke_width=1.5)
    c.text(68, 346, "image", size=13, muted=True)
    c.arrow((118, 278), (148, 278))
    c.frame(150, 224, 458, 116, key="patches", label=None)
    xs = [190 + 44 * k for k in range(10)]
    for k, x in enumerate(xs):
        label = "*" if k == 0 else str(k)
        c.box(x - 17, 288, 34, 30, label, "yellow" if k == 0 else "blue", size=13)
        c.box(x - 17, 244, 34, 22, str(k), "grey", size=13, weight=None)
    c.text(380, 336, "linear projection of patches + position embeddings", size=13, muted=True)
    c.text(68, 220, "* = [class]", size=13, muted=True)
    for x in xs:
        c.arrow((x, 244), (x, 190))
    c.box(168, 120, 430, 68, "Transformer encoder", "green", key="encoder", sub="L× (multi-head attention, MLP)")
    c.arrow((xs[0], 120), (xs[0], 84))
    c.box(xs[0] - 42, 42, 84, 40, "MLP head", "purple", size=14)
    c.arrow((xs[0] + 42, 62), (290, 62))
    c.text(296, 67, "class: bird, ball, car…", size=14, anchor="start")
    c.text(320, 22, "an image is a sequence of 16×16 patches", size=14, weight="bold")
    return c.picture("Vision Transformer: the image is split into patches (3×3 here), flattened and linearly projected; "
                     "a [class] token is prepended and position embeddings 0–9 added; a Transformer encoder processes "
                     "the sequence and an MLP head on the [class] output gives the class.")


# --- mixture of experts -----------------------------------------------------------------

MOE_PARTS = ("router", "experts")
MOE_GATES = (0.1, 0.6, 0.05, 0.25)  # the router's softmax for one token: the top 2 are used


def draw_moe(highlight: str | None = None) -> Picture:
    """Shazeer et al. 2017: a router scores N experts for each token; only the top k run, their outputs weighted."""
    top = sorted(range(len(MOE_GATES)), key=lambda k: -MOE_GATES[k])[:2]
    weight = sum(MOE_GATES[k] for k in top)
    c = Canvas("moe", 600, 360, "Mixture of experts",
               f"A router (gating network) scores {len(MOE_GATES)} expert feed-forward networks for a token; only "
               "the top 2 run, and their outputs are summed weighted by the renormalised gate values.",
               highlight, MOE_PARTS)
    c.box(250, 300, 100, 36, "token x", "blue")
    c.arrow((300, 300), (300, 276))
    c.box(220, 236, 160, 38, "Router", "yellow", key="router", sub=None, tag="none")
    if c.lit("router"):
        c.tag_at(440, 255)
    c.frame(20, 96, 560, 118, key="experts", label="experts (feed-forward networks)")
    for k, g in enumerate(MOE_GATES):
        x = 50 + 135 * k
        used = k in top
        c.box(x, 126, 110, 56, f"Expert {k + 1}", "green" if used else "grey", dashed=not used,
              weight="bold" if used else None, sub=f"g = {g:.2f}")
        if used:
            c.arrow((300, 236), (x + 55, 182))
            c.arrow((x + 55, 130), (300, 78))
    c.box(230, 40, 140, 36, "Σ gᵢ · Eᵢ(x)", "purple", size=14)
    c.text(300, 24, f"top-2 of {len(MOE_GATES)}: weights {MOE_GATES[top[0]] / weight:.2f} and "
                    f"{MOE_GATES[top[1]] / weight:.2f}", size=13, muted=True)
    c.text(300, 354, "more parameters, same compute per token: only the chosen experts run", size=13, muted=True)
    return c.picture(f"Mixture of experts: a router scores {len(MOE_GATES)} experts for the token (gates "
                     + ", ".join(f"{g:.2f}" for g in MOE_GATES) + f"); the top 2, experts {top[0] + 1} and "
                     f"{top[1] + 1}, run and their outputs are summed with weights "
                     f"{MOE_GATES[top[0]] / weight:.2f} and {MOE_GATES[top[1]] / weight:.2f}.")


DRAWINGS: tuple[Drawing, ...] = (
    Drawing("seq2seq", "Sequence to sequence", SEQ2SEQ_PARTS, draw_seq2seq),
    Drawing("bidirectional-rnn", "Bidirectional RNN", (), draw_bidirectional_rnn),
    Drawing("word2vec", "word2vec", WORD2VEC_PARTS, draw_word2vec),
    Drawing("multi-head-attention", "Multi-head attention", (), draw_multi_head_attention),
    Drawing("positional-encoding", "Positional encoding", (), draw_positional_encoding),
    Drawing("bert", "BERT", BERT_PARTS, draw_bert),
    Drawing("gpt", "GPT", (), draw_gpt),
    Drawing("vit", "Vision Transformer", VIT_PARTS, draw_vit),
    Drawing("moe", "Mixture of experts", MOE_PARTS, draw_moe),
)

CONCEPTS: tuple[Concept, ...] = (
    Concept("seq2seq", (r"seq(uence)?[- ]?(2|to)[- ]?seq(uence)?( models?| learning)?( \(seq2seq\))?",
                        r"(rnn )?encoder[-–— ]decoder( models?| architectures?| networks?| rnns?)?"),
            parts=(Part((r"encoder( rnn)?",), "seq2seq", "encoder"),
                   Part((r"decoder( rnn)?",), "seq2seq", "decoder"),
                   Part((r"context( vector)?|thought vector",), "seq2seq", "context"))),
    Concept("seq2seq", (r"context vector|thought vector",), highlight="context"),
    Concept("bidirectional-rnn", (r"bi-?directional (rnns?|lstms?|grus?|recurrent (neural )?networks?)( \(bi-?(rnn|lstm)s?\))?",
                                  r"bi-?(rnns?|lstms?|grus?)")),
    Concept("word2vec", (r"word2vec", r"word to vec", r"word embeddings?"),
            parts=(Part((r"cbow|continuous bag[- ]of[- ]words( \(cbow\))?",), "word2vec", "cbow"),
                   Part((r"skip[- ]?grams?( model)?",), "word2vec", "skip-gram"))),
    Concept("word2vec", (r"cbow|continuous bag[- ]of[- ]words( \(cbow\))?( model)?",), highlight="cbow"),
    Concept("word2vec", (r"skip[- ]?grams?( model)?",), highlight="skip-gram"),
    Concept("multi-head-attention", (r"multi-?head(ed)?( self)?[- ]attention( layers?| mechanism)?( \(mha\))?",
                                     r"mha", r"attention heads?")),
    Concept("positional-encoding", (r"(sinusoidal )?positional? (encodings?|embeddings?)",
                                    r"position (encodings?|embeddings?)")),
    Concept("bert", (r"bert( models?)?", r"bidirectional encoder representations from transformers( \(bert\))?",
                     r"(ro|al|distil)bert(a)?"),
            parts=(Part((r"masked language model(l?ing)?( \(mlm\))?|mlm|masking",), "bert", "mlm"),
                   Part((r"\[?cls\]? token|classification token",), "bert", "cls"))),
    Concept("bert", (r"masked language model(l?ing)?( \(mlm\))?", r"mlm"), highlight="mlm"),
    Concept("gpt", (r"gpt(-?\d(\.\d)?)?( models?)?", r"generative pre-?trained transformers?( \(gpt\))?",
                    r"decoder[- ]only transformers?", r"causal (language models?|self[- ]attention|masking)",
                    r"autoregressive (language )?models?", r"masked self[- ]attention")),
    Concept("vit", (r"vision transformers?( \(vit\))?", r"vit", r"image transformers?"),
            parts=(Part((r"patch(es| embeddings?)?|image patches",), "vit", "patches"),)),
    Concept("vit", (r"patch embeddings?",), highlight="patches"),
    Concept("moe", (r"(sparse(ly[- ]gated)? )?mixture[- ]of[- ]experts( layers?| models?)?( \(moe\))?", r"moe"),
            parts=(Part((r"router|gating( network)?|gate network",), "moe", "router"),
                   Part((r"experts?",), "moe", "experts"))),
)
