"""aligner: sentence alignment of a text and its translation."""
