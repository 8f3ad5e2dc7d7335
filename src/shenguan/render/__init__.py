"""Renderers: each output format is a function in a registry keyed by format name."""
