"""One file per shape of notes file: each turns a text into entries."""
