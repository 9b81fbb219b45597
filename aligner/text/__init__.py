"""The text stage: read files, clean them, split them into sentences, and cache the result."""
