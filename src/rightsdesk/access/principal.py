"""The Principal: who is asking. Every reader of the store takes one.

A principal is anonymous (the public, `ANONYMOUS`), the program itself acting for an operator at the command line
(`SYSTEM`, used by build and ingest), or a signed-in user with roles. It says nothing about what it may do:
that is `access.check()`'s job, with declared actions and default deny.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Principal:
    """Who is asking: `user` is None for the public; `roles` are the role names granted (e.g. "documenter")."""

    user: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    system: bool = False
    grants: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # (role, collection or "*")

    @property
    def anonymous(self) -> bool:
        """True for the public: no user, not the program itself."""
        return self.user is None and not self.system

    @property
    def label(self) -> str:
        """How the principal is named in the audit log and in messages."""
        if self.system:
            return f"system:{self.user}" if self.user else "system"
        return self.user or "anonymous"

    def has_role(self, role: str) -> bool:
        """True when `role` was granted."""
        return role in self.roles or any(r == role for r, _ in self.grants)


ANONYMOUS = Principal()
SYSTEM = Principal(system=True)
