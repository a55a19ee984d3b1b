#!/usr/bin/env python3
"""Benchmark: notedeck against a minimal raw-genanki script on synthetic notes.

Not a test. Generates deterministic notes of 1,000, 10,000 and 100,000 cards (headings, a
concept hierarchy, some Markdown and math, architecture terms that get diagrams), builds
each with ``build_deck.py`` and with ``bench/raw_genanki.py`` as separate processes, the two
alternating, and prints a Markdown table: median wall time, peak memory (each child's own
``VmHWM``, see ``peak_memory.py``), ``.apkg`` size and the ratios to the baseline. Also times a
rebuild with nothing changed and ``build_deck.py --help``.

    python bench/bench.py                 # 1k and 10k ×5, 100k ×3
    python bench/bench.py --quick         # 1k and 10k ×3, no 100k
    python bench/bench.py --sizes 10000 --repeat 7
    python bench/bench.py --sizes "" --csv-sizes 100000   # only the spreadsheet input
    python bench/bench.py --sizes "" --csv-sizes "" --one-file-sizes 10000,100000  # one big file only

The same cards are also built from one CSV sheet (a ``Term,Definition`` header, quoted
multi-line cells), as a spreadsheet or Quizlet export has them: 10k and 100k rows; and from one
notes file holding them all (``--one-file-sizes``: a big vocabulary list or question bank kept in
one file), where the learner's edit touches the only file there is, its times each as a ratio to raw
genanki's cold build. Every row also times a rebuild with nothing changed after the edits.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build_deck.py"
RAW = ROOT / "bench" / "raw_genanki.py"
PEAK = ROOT / "bench" / "peak_memory.py"
EPOCH = "1764000000"
CARDS_PER_FILE = 5000

# ----------------------------------------------------------------------------- notes generator

ADJ = ("Sparse", "Dense", "Gated", "Stacked", "Deep", "Shallow", "Bayesian", "Spectral", "Causal", "Masked",
       "Latent", "Hybrid", "Adaptive", "Robust", "Recursive", "Contrastive", "Hierarchical", "Linear",
       "Quantised", "Pruned", "Distilled", "Federated", "Ordinal", "Temporal", "Graph")
NOUN = ("Gradient", "Kernel", "Token", "Feature", "Memory", "Signal", "Policy", "Reward", "Context", "Patch",
        "Anchor", "Query", "Margin", "Manifold", "Cluster", "Channel", "Window", "Spline", "Prior", "Vector",
        "Tensor", "Graphlet", "Wavelet", "Motif", "Lattice")
HEAD = ("Estimator", "Network", "Model", "Sampler", "Regulariser", "Optimiser", "Classifier", "Embedding",
        "Mixer", "Router", "Scheduler", "Tokeniser", "Aligner", "Predictor", "Critic", "Planner", "Decoder",
        "Encoder", "Retriever", "Ranker", "Filter", "Projector", "Generator", "Discriminator", "Tracker")
PARTS = ("Encoder", "Decoder", "Loss", "Head", "Block", "Objective")
SUBPARTS = ("Layer", "Norm", "Weights", "Schedule")
CNN_PARTS = ("Max Pooling", "ReLU", "Convolutional Layer", "Fully Connected Layer", "Average Pooling")
TOPICS = ("Foundations", "Architectures", "Training", "Regularisation", "Evaluation", "Applications",
          "Optimisation", "Representation Learning", "Sequence Models", "Vision")
WORDS = ("the", "a", "model", "learns", "weights", "from", "data", "which", "reduces", "error", "over", "time",
         "each", "layer", "maps", "inputs", "to", "outputs", "using", "parameters", "that", "are", "shared",
         "across", "positions", "and", "it", "generalises", "better", "when", "trained", "with", "more",
         "examples", "than", "features", "in", "practice", "this", "works", "well", "for", "large", "datasets")

# Architecture terms, once each: the diagram module recognises these.
ARCHITECTURE = (
    ("Deep Learning (DL)", "learns hierarchical features through many layers"),
    ("Artificial Neural Networks (ANN)", "neurons that pass weighted signals to each other"),
    ("Perceptron", "a single neuron with a step activation"),
    ("Feed-forward Neural Network", "information flows one way, from input to output"),
    ("Back-propagation", "the chain rule applied layer by layer, from the loss backwards"),
    ("Recurrent Neural Network (RNN)", "a network with a loop that carries a hidden state across time steps"),
    ("Long Short-Term Memory (LSTM)", "an RNN with gates that decide what to keep, so it remembers longer"),
    ("LSTM Forget Gate", "decides what to discard from the cell state: \\(f_t = \\sigma(W_f x_t + b_f)\\)"),
    ("LSTM Input Gate", "decides what new information to store"),
    ("LSTM Output Gate", "decides how much of the cell state to expose"),
    ("Gated Recurrent Unit (GRU)", "a simpler gated RNN with an update and a reset gate"),
    ("Convolutional Neural Network (CNN)", "a network for grid-like data such as images"),
    ("CNN Input Layer", "the image as a volume: height × width × channels"),
    ("CNN Convolutional Layer", "slides small filters over the input to detect local patterns"),
    ("CNN Max Pooling", "keeps the largest value of each window, shrinking the feature map"),
    ("CNN Fully Connected Layer", "maps the features to class scores"),
    ("Convolutional Layer Kernel", "a small matrix of weights slid across the input"),
    ("ReLU", "the activation $\\max(0, x)$"),
    ("Sigmoid", "squashes its input into $(0, 1)$"),
    ("Max Pooling", "downsampling by the maximum of each window"),
    ("Average Pooling", "downsampling by the mean of each window"),
    ("Dropout", "randomly zeroes activations during training"),
    ("Batch Normalization", "normalises each feature over the mini-batch"),
    ("Residual Connection", "adds a block's input to its output: **y = F(x) + x**"),
    ("Transformer", "a stack of attention and feed-forward blocks"),
    ("Transformer Encoder", "self-attention then a feed-forward network, each with a residual connection"),
    ("Self-Attention", "every position attends to every other"),
    ("Multi-Head Attention", "several attention heads in parallel, concatenated"),
    ("Autoencoder", "an encoder and a decoder trained to reproduce the input"),
    ("Variational Autoencoder (VAE)", "an autoencoder whose code is a distribution"),
)


def roots() -> list[str]:
    """Every three-word root concept, in a fixed shuffled order (15,625 of them)."""
    names = [f"{a} {n} {h}" for a in ADJ for n in NOUN for h in HEAD]
    random.Random(7).shuffle(names)
    return names


def sentence(rng: random.Random, lo: int = 6, hi: int = 16) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def definition(rng: random.Random, term: str) -> list[str]:
    """The definition's lines: the first one, then indented continuation lines."""
    r = rng.random()
    s = sentence(rng)
    if r < 0.62:
        return [s]
    if r < 0.68:
        return [f"{s}, & it's \"robust\" (see {term}); costs 3.5 < 4 units"]
    if r < 0.74:
        return [f"{s} **{rng.choice(WORDS)} {rng.choice(WORDS)}** and *{rng.choice(WORDS)}*"]
    if r < 0.79:
        return [f"{s} using `{rng.choice(WORDS)}_fn(x)`"]
    if r < 0.85:
        return [f"{s} where \\(x_i = W_{{ij}} h_j + b_i\\) and $\\sigma(z)$"]
    if r < 0.91:
        return [f"{s}:", "    - " + sentence(rng, 3, 8), "    - " + sentence(rng, 3, 8), "    - " + sentence(rng, 3, 8)]
    if r < 0.94:
        return [f"{s}:", "    ```", "    y = layer(x)", "    loss = (y - t) ** 2", "    ```"]
    if r < 0.97:
        return [s, "", "    " + sentence(rng, 4, 10), "", "    " + sentence(rng, 4, 10)]
    return [f"{s} — see https://example.org/{rng.choice(WORDS)}"]


def concept_terms(root: str, rng: random.Random, cnn: bool) -> list[str]:
    """A small hierarchy: the root, terms that begin or end with it, and their children."""
    terms = [root]
    for part in rng.sample(PARTS, 3):
        terms.append(f"{root} {part}")
        terms.append(f"{root} {part} {rng.choice(SUBPARTS)}")
    terms.append(f"Deep {root}")  # ends with the root
    if cnn:  # children of CNN whose parts the diagrams recognise
        terms = [f"CNN {t}" for t in terms[:2]] + [f"CNN {root} {p}" for p in rng.sample(CNN_PARTS, 3)]
    return terms


def generate(cards: int, folder: Path, per_file: int = CARDS_PER_FILE) -> int:
    """Write ``cards`` cards of notes into ``folder``, ``per_file`` a file; return how many cards were written."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(cards)
    pending = list(ARCHITECTURE)
    todo = roots()
    written = 0
    group = 0
    files = max(1, -(-cards // per_file))
    for f in range(files):
        lines: list[str] = []
        in_file = 0
        next_heading = 0
        want = min(per_file, cards - written)
        while in_file < want:
            if in_file >= next_heading:  # a heading about every 25 cards, a subheading every 50
                if next_heading % 50 == 0:
                    lines += [f"# {TOPICS[(f + in_file // 50) % len(TOPICS)]}", ""]
                lines += [f"## Part {next_heading // 25 + 1}", ""]
                next_heading += 25
            if pending:
                term, text = pending.pop(0)
                items = [(term, [text])]
            else:
                root = todo[group]
                group += 1
                items = [(t, definition(rng, t)) for t in concept_terms(root, rng, cnn=group % 8 == 0)]
            for term, text in items[: want - in_file]:
                if rng.random() < 0.05:
                    term += " [reverse]"
                if len(text) == 1 and rng.random() < 0.1:
                    lines.append(f"{term}\t{text[0]}")  # Quizlet's term<TAB>definition
                else:
                    lines += [term, *text]
                if rng.random() < 0.5:
                    lines.append("")
                in_file += 1
            lines.append("")
        (folder / f"topic_{f + 1:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        written += in_file
    return written


def compile_bytecode(python: str, checkout: Path) -> None:
    """Write the checkout's bytecode before timing it: the runs themselves write none
    (``PYTHONDONTWRITEBYTECODE``), so a module changed since its last ``.pyc`` would be compiled
    from source in every run, as no installed package ever is."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([python, "-m", "compileall", "-q", str(checkout / "notedeck")], env=env, check=True,
                   stdout=subprocess.DEVNULL)


def to_sheet(notes: Path, sheet: Path) -> int:
    """The same cards as one spreadsheet export, ``sheet`` (a ``.csv``): a ``Term,Definition`` header,
    then a row a card, multi-line definitions quoted, as a spreadsheet or Quizlet writes them. The
    cards are the ones notedeck reads from ``notes``, so both inputs hold the same text."""
    sys.path.insert(0, str(ROOT))
    from notedeck import parse as readers

    sheet.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    with sheet.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")  # Excel's and Google Sheets' line ends
        writer.writerow(["Term", "Definition"])
        for path in sorted(notes.glob("*.txt")):
            for entry in readers.read(path.read_text(encoding="utf-8"), str(path), path.suffix).entries:
                writer.writerow([entry.term, entry.definition])
                rows += 1
    return rows


def edit_definition(notes: Path, n: int) -> None:
    """Change one definition of the first notes file: the ``n``-th edit of the same line (or row)."""
    path = sorted(p for p in notes.iterdir() if p.suffix in (".txt", ".csv"))[0]
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        rows[41][1] = rows[41][1].split(" (edit ")[0] + f" (edit {n})"
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\r\n").writerows(rows)
        return
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if i > 40 and len(line) > 40 and not line.startswith("#"))
    lines[at] = lines[at].split(" (edit ")[0] + f" (edit {n})"
    path.write_text("\n".join(lines), encoding="utf-8")


# ----------------------------------------------------------------------------- measuring


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the child's own maximum resident set size


def run(cmd: list[str], cwd: Path, measure: bool = True) -> Run:
    """Run a child; its wall time and, with ``measure``, its own peak memory.

    The peak is the child's ``VmHWM``, printed by ``peak_memory.py`` as it exits: ``ru_maxrss``
    from ``os.wait4`` would also count the pages this process had when it forked the child.
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONDONTWRITEBYTECODE": "1"}
    if measure:
        cmd = [cmd[0], str(PEAK), *cmd[1:]]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    err = proc.stderr.decode(errors="replace")
    if proc.returncode not in (0, 1):
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{err}")
    peak_kb = int(err.rsplit("peak-memory-kb ", 1)[1].split()[0]) if measure else 0
    return Run(seconds, peak_kb / 1024)


def stored_size(apkg: Path) -> int:
    """The size the same package would have as genanki writes it: every entry stored, uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(apkg) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    return len(buffer.getvalue())


def median(runs: list[Run]) -> tuple[float, float]:
    return statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()} "
            f"({platform.system()} {platform.release()})")


@dataclass
class Row:
    input: str  # "notes" (the generated text notes), "CSV" (the same cards as one spreadsheet) or "one file"
    cards: int
    ours: tuple[float, float]
    raw: tuple[float, float]
    size: int
    raw_size: int
    stored: int
    edit: tuple[float, float]
    noop: tuple[float, float] | None = None  # a rebuild with nothing changed, after the edits


def measure(kind: str, notes: Path, made: int, work: Path, py: str, reps: int,
            rebuild: list[Run] | None = None, noop: bool = False) -> Row:
    """Cold builds of ``notes`` by both tools, alternating; then the learner's loop, edit one
    definition and rebuild; with ``rebuild``, also rebuilds with nothing changed."""
    tag = f"{kind.lower().replace(' ', '_')}_{made}"
    out, state, raw_out = work / f"deck_{tag}.apkg", work / f"state_{tag}.json", work / f"raw_{tag}.apkg"
    build_cmd = [py, str(BUILD), str(notes), "-o", str(out), "--state", str(state)]
    ours: list[Run] = []
    raw: list[Run] = []
    for i in range(reps):
        def one_ours() -> None:
            for p in (out, state, out.with_name(f".{out.name}.render")):
                p.unlink(missing_ok=True)  # a fresh state: a full build
            ours.append(run(build_cmd, work))

        def one_raw() -> None:
            raw_out.unlink(missing_ok=True)
            raw.append(run([py, str(RAW), str(notes), str(raw_out)], work))

        for step in ((one_ours, one_raw) if i % 2 == 0 else (one_raw, one_ours)):
            step()
        print(f"  {kind} {made} cards, run {i + 1}/{reps}: notedeck {ours[-1].seconds:.2f} s, "
              f"raw genanki {raw[-1].seconds:.2f} s", file=sys.stderr)
    if rebuild is not None:
        for _ in range(reps):  # the state and package of the last full build are in place
            rebuild.append(run(build_cmd, work))
    # The loop a learner lives in: edit one definition, rebuild. The first rebuild after the
    # full build writes the render cache (a first build writes none); then each edit is timed.
    edits: list[Run] = []
    edit_definition(notes, 0)
    run(build_cmd, work)
    for i in range(reps):
        edit_definition(notes, i + 1)
        edits.append(run(build_cmd, work))
    print(f"  {kind} {made} cards, edit one definition and rebuild: {median(edits)[0]:.2f} s", file=sys.stderr)
    same: list[Run] = []
    if noop:  # the state, render cache and package of the last edit's build in place
        same = [run(build_cmd, work) for _ in range(reps)]
        print(f"  {kind} {made} cards, rebuild with nothing changed: {median(same)[0]:.3f} s", file=sys.stderr)
    return Row(kind, made, median(ours), median(raw), out.stat().st_size, raw_out.stat().st_size,
               stored_size(out), median(edits), median(same) if same else None)


def print_many(rows: list[Row], mb: float) -> None:
    """The table of the many-files and CSV inputs."""
    print("| Input | Cards | notedeck (s) | raw genanki (s) | time ratio | notedeck peak (MB) | raw peak (MB) "
          "| notedeck .apkg (MB) | raw genanki .apkg (MB) | .apkg vs stored (genanki default) "
          "| edit one definition, rebuild (s) | its peak (MB) | no-op rebuild (s) | .apkg vs raw genanki's |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        (t, m), (rt, rm), (et, em) = r.ours, r.raw, r.edit
        noop = f"{r.noop[0]:.3f}" if r.noop is not None else "–"
        print(f"| {r.input} | {r.cards:,} | {t:.2f} | {rt:.2f} | {t / rt:.2f}× | {m:.0f} | {rm:.0f} "
              f"| {r.size * mb:.2f} | {r.raw_size * mb:.2f} | {r.size / r.stored:.2f}× | {et:.2f} | {em:.0f} "
              f"| {noop} | {r.size / r.raw_size:.2f}× |")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="card counts, comma-separated")
    ap.add_argument("--csv-sizes", default="10000,100000",
                    help="card counts to build from one CSV sheet of the same cards (empty: none)")
    ap.add_argument("--one-file-sizes", default="10000,100000",
                    help="card counts to build from one notes file holding them all (empty: none)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per tool for sizes below 100,000 (default 5)")
    ap.add_argument("--repeat-large", type=int, default=3, help="runs per tool from 100,000 cards (default 3)")
    ap.add_argument("--rebuild-size", type=int, default=10000, help="notes size for the no-change rebuild")
    ap.add_argument("--quick", action="store_true", help="1k and 10k, 3 runs each")
    ap.add_argument("--python", default=sys.executable, help="the interpreter to run both tools with")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    csv_sizes = [int(s) for s in args.csv_sizes.split(",") if s]
    one_file_sizes = [int(s) for s in args.one_file_sizes.split(",") if s]
    if args.quick:
        sizes, args.repeat, args.repeat_large = [s for s in sizes if s < 100_000] or [1000], 3, 1
        csv_sizes = [s for s in csv_sizes if s < 100_000]
        one_file_sizes = [s for s in one_file_sizes if s < 100_000]

    work = args.keep or Path(tempfile.mkdtemp(prefix="notedeck-bench-"))
    py = args.python
    compile_bytecode(py, ROOT)
    rows: list[Row] = []
    rebuild: list[Run] = []
    try:
        for kind, size in ([("notes", s) for s in sizes] + [("CSV", s) for s in csv_sizes]
                           + [("one file", s) for s in one_file_sizes]):
            notes = work / (f"one_file_{size}" if kind == "one file" else f"notes_{size}")
            if notes.exists():
                shutil.rmtree(notes)
            made = generate(size, notes, per_file=size if kind == "one file" else CARDS_PER_FILE)
            reps = args.repeat if size < 100_000 else args.repeat_large
            if kind == "CSV":
                sheet = work / f"sheet_{size}"
                shutil.rmtree(sheet, ignore_errors=True)
                made = to_sheet(notes, sheet / "cards.csv")
                notes = sheet
            rows.append(measure(kind, notes, made, work, py, reps,
                                rebuild if kind == "notes" and size == args.rebuild_size else None,
                                noop=True))
        helps = [run([py, str(BUILD), "--help"], work, measure=False) for _ in range(11)]
        bare = [run([py, "-c", "pass"], work, measure=False) for _ in range(11)]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    mb = 1 / (1024 * 1024)
    print()
    if any(r.input != "one file" for r in rows):
        print_many([r for r in rows if r.input != "one file"], mb)
    ones = [r for r in rows if r.input == "one file"]
    if ones:
        print("One notes file holding every card (cold: no state; edit: one definition changed, the state and "
              "render cache in place; no-op: nothing changed). Ratios are to raw genanki's cold build of the "
              "same cards.")
        print()
        print("| Cards | cold (s) | raw genanki (s) | cold ratio | edit (s) | edit ratio | no-op (s) | no-op ratio "
              "| cold peak (MB) | edit peak (MB) | raw peak (MB) | .apkg (MB) | raw .apkg (MB) | .apkg ratio |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in ones:
            (t, m), (rt, rm), (et, em), (nt, _) = r.ours, r.raw, r.edit, r.noop
            print(f"| {r.cards:,} | {t:.2f} | {rt:.2f} | {t / rt:.2f}× | {et:.2f} | {et / rt:.2f}× | {nt:.3f} "
                  f"| {nt / rt:.2f}× | {m:.0f} | {em:.0f} | {rm:.0f} | {r.size * mb:.2f} | {r.raw_size * mb:.2f} "
                  f"| {r.size / r.raw_size:.2f}× |")
        print()
    if rebuild:
        print(f"No-change rebuild at {args.rebuild_size:,} cards: {statistics.median(r.seconds for r in rebuild):.3f} s "
              f"(median of {len(rebuild)})  ")
    print(f"`build_deck.py --help`: {statistics.median(r.seconds for r in helps):.3f} s "
          f"(interpreter start alone: {statistics.median(r.seconds for r in bare):.3f} s; median of 11)  ")
    by_size = {r.cards: r.ours[0] for r in rows if r.input == "notes"}
    if 10_000 in by_size and 100_000 in by_size:
        print(f"100k / 10k time: {by_size[100_000] / by_size[10_000]:.1f}×  ")
    print(f"Machine: {machine()}")


if __name__ == "__main__":
    main()
