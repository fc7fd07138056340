"""Normalisers: pure functions from printed text to the contract's values."""
