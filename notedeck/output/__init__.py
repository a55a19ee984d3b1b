"""Stage 5: the note types, the .apkg, the preview page and --into."""
