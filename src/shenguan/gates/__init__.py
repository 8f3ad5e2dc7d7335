"""Generated schema gates (see shenguan.schemas.generate_gates)."""
