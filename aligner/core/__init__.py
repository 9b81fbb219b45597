"""The numeric core: bead scores, the banded DP, search, locate and confidence (numpy and numba, no I/O)."""
