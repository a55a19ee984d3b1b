"""Realistic notes made up by code: long vocabulary lists and glossaries, the same every run."""

from __future__ import annotations

import random

_VERBS = [("open", "abrir", "opened", "opening"), ("close", "cerrar", "closed", "closing"),
          ("eat", "comer", "ate", "eating"), ("drink", "beber", "drank", "drinking"),
          ("live", "vivir", "lived", "living"), ("speak", "hablar", "spoke", "speaking"),
          ("write", "escribir", "wrote", "writing"), ("read", "leer", "read", "reading"),
          ("run", "correr", "ran", "running"), ("walk", "caminar", "walked", "walking"),
          ("buy", "comprar", "bought", "buying"), ("sell", "vender", "sold", "selling"),
          ("find", "encontrar", "found", "finding"), ("lose", "perder", "lost", "losing"),
          ("give", "dar", "gave", "giving"), ("take", "tomar", "took", "taking"),
          ("bring", "traer", "brought", "bringing"), ("carry", "llevar", "carried", "carrying"),
          ("clean", "limpiar", "cleaned", "cleaning"), ("paint", "pintar", "painted", "painting"),
          ("build", "construir", "built", "building"), ("break", "romper", "broke", "breaking"),
          ("fix", "arreglar", "fixed", "fixing"), ("wash", "lavar", "washed", "washing"),
          ("cook", "cocinar", "cooked", "cooking"), ("watch", "mirar", "watched", "watching"),
          ("learn", "aprender", "learned", "learning"), ("teach", "enseñar", "taught", "teaching"),
          ("pay", "pagar", "paid", "paying"), ("send", "enviar", "sent", "sending"),
          ("leave", "dejar", "left", "leaving"), ("die", "morir", "died", "dying"),
          ("play", "jugar", "played", "playing"), ("sing", "cantar", "sang", "singing"),
          ("fill", "llenar", "filled", "filling"), ("push", "empujar", "pushed", "pushing")]
_NOUNS = [("door", "la puerta"), ("house", "la casa"), ("book", "el libro"), ("window", "la ventana"),
          ("table", "la mesa"), ("chair", "la silla"), ("car", "el coche"), ("street", "la calle"),
          ("city", "la ciudad"), ("bank", "el banco"), ("letter", "la carta"), ("water", "el agua"),
          ("bread", "el pan"), ("wine", "el vino"), ("milk", "la leche"), ("money", "el dinero"),
          ("friend", "el amigo"), ("teacher", "el profesor"), ("child", "el niño"), ("dog", "el perro"),
          ("cat", "el gato"), ("key", "la llave"), ("box", "la caja"), ("bag", "la bolsa"),
          ("shirt", "la camisa"), ("shoe", "el zapato"), ("kitchen", "la cocina"), ("garden", "el jardín"),
          ("school", "la escuela"), ("church", "la iglesia"), ("market", "el mercado"), ("river", "el río"),
          ("mountain", "la montaña"), ("train", "el tren"), ("ticket", "el billete"), ("song", "la canción"),
          ("game", "el juego"), ("glass", "el vaso"), ("plate", "el plato"), ("wall", "la pared")]
_ADJECTIVES = [("big", "grande"), ("small", "pequeño"), ("old", "viejo"), ("new", "nuevo"), ("red", "rojo"),
               ("green", "verde"), ("cheap", "barato"), ("expensive", "caro"), ("clean", "limpio"),
               ("dirty", "sucio"), ("empty", "vacío"), ("full", "lleno"), ("beautiful", "hermoso"),
               ("broken", "roto"), ("open", "abierto"), ("closed", "cerrado")]
_SENSES = ["(bench)", "(money)", "(verb)", "(noun)", "(formal)", "(informal)", "(Spain)", "(Mexico)", "(ES)", "(EN)"]
_PARTICLES = ["up", "down", "out", "away", "back", "off", "in", "over"]


def vocabulary(count: int = 5000, seed: int = 7) -> str:
    """A bilingual vocabulary list, term<TAB>translation: verbs and their forms, phrases, nouns, senses."""
    rng = random.Random(seed)
    entries: dict[str, str] = {}

    def add(term: str, translation: str) -> None:
        entries.setdefault(term, translation)

    for verb, verbo, past, gerund in _VERBS:
        add(f"to {verb}", verbo)
        add(past, f"{verbo} (pasado)")
        add(gerund, f"{verbo} (gerundio)")
        add(verbo, f"to {verb}")
        for particle in _PARTICLES:
            add(f"to {verb} {particle}", f"{verbo} ({particle})")
    while len(entries) < count:
        verb, verbo, past, gerund = rng.choice(_VERBS)
        noun, sustantivo = rng.choice(_NOUNS)
        other, otro = rng.choice(_NOUNS)
        adjective, adjetivo = rng.choice(_ADJECTIVES)
        shape = rng.randrange(12)
        if shape == 0:
            add(f"to {verb} the {noun}", f"{verbo} {sustantivo}")
        elif shape == 1:
            add(f"the {noun}", sustantivo)
        elif shape == 2:
            add(f"a {adjective} {noun}", f"{sustantivo.split()[1]} {adjetivo}")
        elif shape == 3:
            add(f"the {noun} of the {other}", f"{sustantivo} de {otro}")
        elif shape == 4:
            add(f"{verbo} {sustantivo}", f"to {verb} the {noun}")
        elif shape == 5:
            add(f"{sustantivo} de {otro}", f"the {noun} of the {other}")
        elif shape == 6:
            add(f"the {noun} {rng.choice(_SENSES)}", sustantivo)
        elif shape == 7:
            add(f"I {past} the {noun}", f"{verbo} {sustantivo} (pasado)")
        elif shape == 8:
            add(f"{gerund} the {noun}", f"{verbo} {sustantivo}")
        elif shape == 9:
            add(f"the {adjective} {noun} is {rng.choice(_ADJECTIVES)[0]}", f"{sustantivo} {adjetivo}")
        elif shape == 10:
            add(f"{noun}", sustantivo.split()[1])
        else:
            add(f"to {verb} the {adjective} {noun} {rng.randrange(1000)}", f"{verbo} {sustantivo} {adjetivo}")
    return "".join(f"{term}\t{translation}\n" for term, translation in entries.items())


_FIRST = ["Federal", "Public", "Budget", "Administrative", "National", "Tax", "Program", "Grant", "Agency", "Office",
          "State", "Local", "Emergency", "Financial", "Capital", "Contract", "Debt", "Fiscal", "Revenue", "Trust",
          "Civil", "Personnel", "Regulatory", "Executive", "Judicial", "Legislative", "Appropriation", "Audit",
          "Benefit", "Compliance", "Disaster", "Economic", "Environmental", "Health", "Housing", "Insurance",
          "Labor", "Land", "Loan", "Military", "Mortgage", "Pension", "Procurement", "Property", "Records",
          "Retirement", "Security", "Social", "Student", "Transportation", "Veterans", "Water", "Energy",
          "Education", "Employment", "Export", "Import", "Homeland", "Internal", "International"]
_SECOND = ["Authority", "Account", "Agency", "Act", "Assistance", "Board", "Code", "Commission", "Committee",
           "Control", "Credit", "Deficit", "Department", "Directive", "Fund", "Guarantee", "Income", "Law", "Limit",
           "Obligation", "Office", "Order", "Outlay", "Plan", "Policy", "Process", "Reform", "Register", "Report",
           "Request", "Reserve", "Resolution", "Review", "Rule", "Service", "Standard", "Statute", "Subsidy",
           "System", "Transfer", "Year", "Adjustment", "Allocation", "Appeal", "Ceiling", "Claim", "Coverage",
           "Deduction", "Estimate", "Exemption", "Expenditure", "Hearing", "Inspection", "License", "Notice",
           "Permit", "Petition", "Procedure", "Program", "Rate", "Receipt", "Refund", "Schedule", "Surplus"]
_THIRD = ["Act", "Program", "Office", "Limit", "Review", "Process", "Rule", "Fund", "Board", "Report", "Schedule"]


def glossary(count: int = 700, seed: int = 11) -> str:
    """A government glossary in alphabetical order, term then definition: terms that share first words."""
    rng = random.Random(seed)
    terms: set[str] = set()
    while len(terms) < count:
        first, second = rng.choice(_FIRST), rng.choice(_SECOND)
        roll = rng.random()
        if roll < 0.08:
            terms.add(first)
        elif roll < 0.70:
            terms.add(f"{first} {second}")
        elif roll < 0.85:
            terms.add(f"{first} {second} {rng.choice(_THIRD)}")
        elif roll < 0.93:
            terms.add(f"{second} of {first} {rng.choice(_SECOND)}")
        else:
            terms.add(f"{first} and {rng.choice(_FIRST)} {second}")
    lines = []
    for term in sorted(terms):
        words = term.lower()
        lines.append(f"{term}\nThe rules and practice of {words}, as defined by statute and regulation.\n")
    return "".join(lines)
