"""Stage 3: entries become cards: identities, the hierarchy, decks, lint."""
