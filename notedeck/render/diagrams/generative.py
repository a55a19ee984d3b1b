"""Generative models: GAN, VAE, diffusion, RBM and DBN, and the latent space they share.

Each follows the figure its paper made standard: Goodfellow et al. 2014 (GAN), Kingma &
Welling 2014 (the VAE's reparameterisation), Ho et al. 2020 (DDPM's chain), Hinton's RBM and
DBN. Noise and sample pictures are computed from fixed numbers, never random.
"""

from __future__ import annotations

import math

from .flow import Canvas
from .registry import Concept, Drawing, Part, Picture
from .svg import FILLS, INK, MUTED, El, add_circle, arrow_marker, num

# --- GAN --------------------------------------------------------------------------------

GAN_PARTS = ("generator", "discriminator")


def draw_gan(highlight: str | None = None) -> Picture:
    """Goodfellow et al. 2014: noise z → G → fake; real and fake → D → real or fake; both trained by D's loss."""
    c = Canvas("gan", 620, 330, "Generative adversarial network",
               "A generator G turns random noise z into a fake sample G(z); a discriminator D sees real samples "
               "and fakes and outputs the probability that its input is real. D learns to tell them apart, "
               "G learns to fool D.", highlight, GAN_PARTS)
    c.box(20, 190, 90, 50, "noise z", "grey", sub="z ~ N(0, I)")
    c.arrow((110, 215), (158, 215))
    c.box(160, 180, 130, 70, "Generator G", "green", key="generator", sub="learns to fool D")
    c.arrow((290, 215), (338, 215))
    c.box(340, 190, 86, 50, "fake G(z)", "orange")
    c.box(340, 70, 86, 50, "real x", "blue", sub="training data")
    c.arrow((426, 95), (462, 95), (462, 140), (478, 140))
    c.arrow((426, 215), (462, 215), (462, 170), (478, 170))
    c.box(480, 115, 120, 80, "Discriminator D", "purple", key="discriminator", sub="real or fake?", size=14)
    c.text(540, 236, "D(x) → 1 for real", size=13)
    c.text(540, 254, "D(G(z)) → 0 for fake", size=13)
    # The loss flows back from D to the generator: dashed, against the data.
    c.arrow((540, 266), (540, 292), (225, 292), (225, 264), dashed=True, colour=MUTED)
    c.text(382, 312, "G is updated through D's judgement (backprop through D)", size=13, muted=True)
    c.text(310, 26, "V(D, G) = E[log D(x)] + E[log(1 − D(G(z)))]", size=15, weight="bold")
    c.text(310, 46, "D maximises V, G minimises it: a two-player game", size=13, muted=True)
    return c.picture("Generative adversarial network: noise z feeds the generator G, which outputs a fake "
                     "sample; the discriminator D receives real data x and fakes G(z) and outputs the probability "
                     "that its input is real; G is trained to fool D, D to tell real from fake.")


# --- VAE --------------------------------------------------------------------------------

VAE_PARTS = ("encoder", "reparameterization", "decoder", "loss")


def draw_vae(highlight: str | None = None) -> Picture:
    """Kingma & Welling 2014: q(z|x) gives μ and σ; z = μ + σ ⊙ ε; p(x|z) reconstructs; loss = reconstruction + KL."""
    c = Canvas("vae", 640, 350, "Variational autoencoder",
               "The encoder maps x to the mean μ and standard deviation σ of a Gaussian over the latent z; "
               "z is sampled as μ + σ ⊙ ε with ε from N(0, I), so gradients flow through μ and σ; the "
               "decoder reconstructs x̂ from z. Loss: reconstruction error plus KL(q(z|x) ‖ N(0, I)).",
               highlight, VAE_PARTS)
    c.box(14, 120, 62, 80, "x", "grey", sub="input")
    c.arrow((76, 160), (100, 160))
    c.box(102, 110, 110, 100, "Encoder", "blue", key="encoder", sub="q_φ(z | x)")
    c.arrow((212, 140), (240, 122))
    c.arrow((212, 180), (240, 198))
    c.box(242, 100, 56, 40, "μ", "yellow")
    c.box(242, 180, 56, 40, "σ", "yellow")
    c.frame(232, 60, 196, 212, key="reparameterization", label="sample z")
    c.box(330, 34, 88, 36, "ε ~ N(0, I)", "grey", size=13)
    c.arrow((374, 70), (374, 138))
    c.arrow((298, 120), (340, 150))
    c.arrow((298, 200), (340, 170))
    c.box(342, 140, 74, 40, "z", "green", size=16)
    c.text(379, 200, "z = μ + σ ⊙ ε", size=13, weight="bold")
    c.arrow((416, 160), (444, 160))
    c.box(446, 110, 110, 100, "Decoder", "orange", key="decoder", sub="p_θ(x | z)")
    c.arrow((556, 160), (572, 160))
    c.box(574, 120, 56, 80, "x̂", "grey", sub="output")
    c.box(60, 290, 520, 46, "", "red", key="loss", rx=8)
    c.text(320, 311, "loss = ‖x − x̂‖²  +  KL( q(z | x)  ‖  N(0, I) )", size=15, weight="bold")
    c.text(320, 328, "reconstruction error  +  KL: keeps the codes close to N(0, I)", size=13, muted=True)
    return c.picture("Variational autoencoder: the encoder q(z|x) outputs a mean μ and a standard deviation σ; "
                     "z = μ + σ ⊙ ε with ε ~ N(0, I) (the reparameterisation trick); the decoder p(x|z) "
                     "reconstructs x̂; loss = reconstruction error + KL divergence from N(0, I).")


# --- Diffusion --------------------------------------------------------------------------

DIFFUSION_PARTS = ("forward", "reverse")
_STEPS = (0, 1, 2, 3)  # x_0, x_t-ish, …, x_T: four thumbnails, noise growing


def _thumbnail(parent: El, x: float, y: float, noise: float) -> None:
    """A 6×6 picture of a bright disc, mixed with fixed pseudo-noise: √(1−β)·signal + √β·noise."""
    cells: dict[int, list[str]] = {}
    for r in range(6):
        for col in range(6):
            signal = 1.0 if (r - 2.5) ** 2 + (col - 2.5) ** 2 < 5 else 0.0
            wobble = (math.sin(12.9898 * (r * 6 + col + 1)) * 43758.5453) % 1.0  # fixed, not random
            value = math.sqrt(1 - noise) * signal + math.sqrt(noise) * wobble
            level = 40 + 30 * min(6, max(0, round(value * 6)))
            cells.setdefault(level, []).append(f"M{num(x + col * 9)} {num(y + r * 9)}h9v9h-9z")
    for level in sorted(cells):
        parent.add("path", d="".join(cells[level]), fill=f"#{255 - level:02x}{255 - level:02x}{255 - level:02x}")
    parent.add("rect", x=x, y=y, width=54, height=54, fill="none", stroke=INK, stroke_width=1.5)


def draw_diffusion(highlight: str | None = None) -> Picture:
    """Ho et al. 2020: q adds noise step by step (x_0 → x_T); a network p_θ learns to remove it (x_T → x_0)."""
    c = Canvas("diffusion", 620, 330, "Diffusion model",
               "Forward process q adds a little Gaussian noise at each step, turning data x_0 into pure noise "
               "x_T; the reverse process p_θ, a trained network, removes noise step by step, turning noise "
               "into a new sample.", highlight, DIFFUSION_PARTS)
    labels = ("x_0", "x_{t−1}", "x_t", "x_T")
    notes = ("data", "", "", "pure noise")
    xs = [40 + 160 * k for k in range(4)]
    for k, (x, label) in enumerate(zip(xs, labels)):
        _thumbnail(c.root, x, 130, (0.0, 0.35, 0.65, 1.0)[k])
        c.text(x + 27, 206, label, size=15, weight="bold")
        if notes[k]:
            c.text(x + 27, 224, notes[k], size=13, muted=True)
        if k == 1:
            c.text(x - 55, 162, "…", size=20)
        if k == 3:
            c.text(x - 55, 162, "…", size=20)
    c.frame(20, 40, 580, 80, key="forward", label="forward: add noise (fixed)")
    c.arrow((94, 82), (194, 82))
    c.arrow((254, 82), (354, 82))
    c.arrow((414, 82), (514, 82))
    c.text(310, 110, "q(xₜ | xₜ₋₁) = N(√(1 − βₜ) xₜ₋₁, βₜ I)", size=14)
    c.frame(20, 238, 580, 80, key="reverse", label="reverse: remove noise (learned)")
    c.arrow((514, 278), (414, 278), dashed=True)
    c.arrow((354, 278), (254, 278), dashed=True)
    c.arrow((194, 278), (94, 278), dashed=True)
    c.text(310, 306, "p_θ(xₜ₋₁ | xₜ): a network predicts the noise to remove", size=14)
    c.text(310, 24, "to generate: start from pure noise and run the reverse chain", size=13, muted=True)
    return c.picture("Diffusion model: the forward process q adds Gaussian noise step by step from data x_0 to pure "
                     "noise x_T (solid arrows); the learned reverse process p_θ removes it step by step from x_T "
                     "back to a sample x_0 (dashed arrows).")


# --- RBM and DBN ------------------------------------------------------------------------


def _units(c: Canvas, count: int, y: float, fill: str, label: str, x0: float = 140, gap: float = 70) -> list[float]:
    xs = [x0 + gap * k for k in range(count)]
    for x in xs:
        add_circle(c.root, x, y, 16, FILLS[fill])
    c.text(x0 - 40, y + 5, label, size=14, anchor="end", weight="bold")
    return xs


def draw_rbm(highlight: str | None = None) -> Picture:
    """Hinton's RBM: a visible and a hidden layer, every pair joined by an undirected weight, none within a layer."""
    c = Canvas("rbm", 560, 300, "Restricted Boltzmann machine",
               "Four visible units and three hidden units; every visible unit is connected to every hidden "
               "unit by an undirected weight; there are no connections within a layer.")
    hidden = _units(c, 3, 80, "green", "hidden h", x0=205)
    visible = _units(c, 4, 210, "blue", "visible v")
    wires = "".join(f"M{num(v)} 194L{num(h)} 96" for v in visible for h in hidden)  # no arrowheads: undirected
    c.root.add("path", d=wires, stroke=MUTED, stroke_width=1.3, fill="none")
    c.text(470, 150, "weights W", size=14, anchor="start")
    c.text(470, 168, "(undirected)", size=13, anchor="start", muted=True)
    c.text(280, 262, "no visible–visible or hidden–hidden links:", size=14)
    c.text(280, 282, "p(h | v) and p(v | h) factorise; trained by contrastive divergence", size=13, muted=True)
    return c.picture("Restricted Boltzmann machine: a layer of visible units v and a layer of hidden units h, every "
                     "visible unit joined to every hidden unit by an undirected weight, no links within a layer.")


def draw_dbn(highlight: str | None = None) -> Picture:
    """Hinton et al. 2006: RBMs stacked and trained greedily, the top two layers undirected, the rest directed down."""
    c = Canvas("dbn", 560, 420, "Deep belief network",
               "A stack of layers v, h1, h2, h3 trained one RBM at a time; the top two layers form an undirected "
               "RBM, the lower connections are directed downwards to generate data.")
    rows = (("h3", 60, "purple"), ("h2", 160, "green"), ("h1", 260, "green"), ("v", 360, "blue"))
    xs = {}
    for name, y, fill in rows:
        xs[name] = _units(c, 4, y, fill, name, x0=150, gap=70)
    for (upper, uy, _), (lower, ly, _) in zip(rows, rows[1:]):
        top = upper == "h3"
        group = c.root.add("g", stroke=MUTED if not top else INK, stroke_width=1.2, fill="none")
        if not top:  # directed, generative connections: arrowheads point down to the data
            group.attrs.append(("marker-end", arrow_marker(c.root, "arrow-muted", MUTED)))
        for a in xs[upper]:
            for b in xs[lower]:
                if top:
                    group.add("path", d=f"M{num(a)} {uy + 16}L{num(b)} {ly - 16}")
                else:
                    group.add("path", d=f"M{num(a)} {uy + 16}L{num(b)} {ly - 19}")
    c.frame(96, 30, 300, 160, label=None)
    c.text(420, 105, "RBM: undirected", size=14, anchor="start", weight="bold")
    c.text(420, 216, "directed down:", size=14, anchor="start")
    c.text(420, 234, "generate v", size=14, anchor="start")
    c.arrow((405, 200), (405, 330), width=2)
    c.text(280, 408, "trained greedily, one RBM at a time from the bottom: v–h1, then h1–h2, then h2–h3", size=13,
           muted=True)
    return c.picture("Deep belief network: layers v, h1, h2, h3; the top two (h2–h3) form an undirected RBM, the lower "
                     "layers are joined by directed weights pointing down to the data; trained greedily one RBM at "
                     "a time.")


# --- Latent space -----------------------------------------------------------------------

_CLUSTERS = (("3", "circle", 140, 120), ("7", "square", 330, 90), ("1", "triangle", 250, 230))


def draw_latent_space(highlight: str | None = None) -> Picture:
    """An encoder's codes in a 2-D latent space: similar inputs land close, and a path between two codes decodes smoothly."""
    c = Canvas("latent-space", 560, 330, "Latent space",
               "Inputs encoded as points z in a two-dimensional latent space: codes of similar inputs cluster "
               "together; a straight path between two codes decodes to a gradual change.")
    c.box(14, 130, 70, 60, "input x", "grey")
    c.arrow((84, 160), (104, 160))
    c.text(49, 210, "encoder", size=13, muted=True)
    c.root.add("rect", x=110, y=40, width=300, height=240, fill="none", stroke=INK, stroke_width=1.5)
    c.root.add("path", d="M110 280H410M110 280V40", stroke=INK, stroke_width=2)
    c.text(404, 300, "z₁", size=14, anchor="end")
    c.text(96, 52, "z₂", size=14, anchor="end")
    for label, shape, cx, cy in _CLUSTERS:
        for k in range(6):
            angle = k * 2 * math.pi / 6
            x, y = cx + 26 * math.cos(angle) * (0.5 + 0.1 * k), cy + 20 * math.sin(angle) * (0.5 + 0.1 * k)
            if shape == "circle":
                add_circle(c.root, x, y, 6, FILLS["blue"])
            elif shape == "square":
                c.root.add("rect", x=x - 6, y=y - 6, width=12, height=12, fill=FILLS["orange"], stroke=INK,
                           stroke_width=1.3)
            else:
                c.root.add("path", d=f"M{num(x)} {num(y - 7)}l7 12h-14z", fill=FILLS["green"], stroke=INK,
                           stroke_width=1.3)
        c.text(cx + 34, cy - 18, f"digit {label}", size=13, anchor="start", weight="bold")
    c.arrow((146, 124), (324, 94), dashed=True, width=2)
    c.text(236, 136, "interpolate", size=13, muted=True)
    c.arrow((410, 160), (444, 160))
    c.box(446, 120, 100, 80, "decoder", "orange", sub="z → x̂")
    c.text(480, 230, "each point decodes", size=13, anchor="middle", muted=True)
    c.text(480, 246, "to an output", size=13, anchor="middle", muted=True)
    c.text(260, 318, "similar inputs → nearby codes; the space is smaller than the input", size=13, muted=True)
    return c.picture("Latent space: an encoder maps inputs to points z = (z1, z2); codes of the same digit (3, 7, 1) "
                     "cluster together, a dashed path interpolates between two clusters, and a decoder turns any "
                     "point back into an output.")


DRAWINGS: tuple[Drawing, ...] = (
    Drawing("gan", "Generative adversarial network", GAN_PARTS, draw_gan),
    Drawing("vae", "Variational autoencoder", VAE_PARTS, draw_vae),
    Drawing("diffusion", "Diffusion model", DIFFUSION_PARTS, draw_diffusion),
    Drawing("rbm", "Restricted Boltzmann machine", (), draw_rbm),
    Drawing("dbn", "Deep belief network", (), draw_dbn),
    Drawing("latent-space", "Latent space", (), draw_latent_space),
)

CONCEPTS: tuple[Concept, ...] = (
    Concept("gan", (r"generative adversarial (networks?|nets?)( \(gans?\))?", r"gans?", r"(dc|style|cycle|w)-?gans?"),
            parts=(Part((r"generators?( networks?| models?)?( \(g\))?",), "gan", "generator"),
                   Part((r"discriminators?( networks?| models?)?( \(d\))?", r"critic"), "gan", "discriminator"))),
    Concept("vae", (r"variational auto-?encoders?( \(vaes?\))?", r"vaes?"),
            parts=(Part((r"encoder|recognition (model|network)|inference network",), "vae", "encoder"),
                   Part((r"decoder|generative (model|network)",), "vae", "decoder"),
                   Part((r"reparameteri[sz]ation( trick)?",), "vae", "reparameterization"),
                   Part((r"kl( divergence)?( term| loss)?|(evidence )?lower bound|elbo",), "vae", "loss"))),
    Concept("vae", (r"reparameteri[sz]ation trick",), highlight="reparameterization"),
    Concept("vae", (r"elbo|evidence lower bound( \(elbo\))?",), highlight="loss"),
    Concept("diffusion", (r"(denoising )?diffusion( probabilistic)?( models?)?( \(ddpms?\))?", r"ddpms?",
                          r"score[- ]based (generative )?models?", r"stable diffusion"),
            parts=(Part((r"forward( \(noising\))?( diffusion)? process|noising( process)?|forward diffusion",),
                        "diffusion", "forward"),
                   Part((r"reverse( \(denoising\))?( diffusion)? process|denoising( process)?|reverse diffusion",),
                        "diffusion", "reverse"))),
    Concept("diffusion", (r"forward (diffusion|noising) process",), highlight="forward"),
    Concept("diffusion", (r"reverse (diffusion|denoising) process",), highlight="reverse"),
    Concept("rbm", (r"restricted boltzmann machines?( \(rbms?\))?", r"rbms?", r"boltzmann machines?")),
    Concept("dbn", (r"deep belief (networks?|nets?)( \(dbns?\))?", r"dbns?")),
    Concept("latent-space", (r"latent (space|variables?|representations?|codes?|vectors?)( \(z\))?",
                             r"(embedding|code) space")),
)
