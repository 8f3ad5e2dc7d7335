"""Legality review (通知一（二）; docs/security.md「审查签名」).

- `status.gate(catalog_root, base) -> GateResult`: the gate CI and `shenguan release` call;
  `.ok` is True only when every change since `base` that needs review is covered by a valid
  approving sign-off the change adds (or an accepted paper decision).
- `packet.request(...)`: the review packet; `sign.sign(...)`: a signed sign-off;
  `paper.record_paper(...)`: a paper decision; `verify.verify_all(...)`: every sign-off and the chain.

Trust (policy, reviewer registry, allowed signers) is read from the base revision only.
"""

from __future__ import annotations

from shenguan.review.status import GateResult, gate

__all__ = ["GateResult", "gate"]
