"""Forwarding to the province's online hall (shared/domain.md §6, docs/online-hall-openapi.yaml).

- :mod:`app.forwarding.signing` — request signatures (HMAC-SHA256, SM3-HMAC).
- :mod:`app.forwarding.client` — the HTTP client of the contract.
- :mod:`app.forwarding.sender` — delivers the outbox, fetches changes made online.
- :mod:`app.forwarding.simulator` — a reference online hall for demos and tests.

No Qt here; the desk program runs the sender in ui/forwarding.py.
"""
