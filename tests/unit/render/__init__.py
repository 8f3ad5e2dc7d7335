"""Tests of render/: the registry, the envelope, escaping."""
