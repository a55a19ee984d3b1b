"""Stage 1: find the notes files and read them as text; the settings beside them."""
