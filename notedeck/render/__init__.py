"""Stage 4: cards become field HTML (Markdown, math, code, images) and diagrams."""
