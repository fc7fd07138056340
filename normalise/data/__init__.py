"""Data files for the normalisers."""
