"""Generated schema gates: `python tools/generate_gates.py` writes them, a test proves them fresh."""
