"""Who is asking, and what they may do: principals, roles, declared actions and the one `check()`.

Public UN data answers everyone (`ANONYMOUS` included); case data (`cases/`) requires a permission that is denied
by default, and every read of an identity is written to the audit log by the store's case readers.
"""

from rightsdesk.access.actions import Action, Role
from rightsdesk.access.check import Decision, check, require
from rightsdesk.access.principal import ANONYMOUS, SYSTEM, Principal

__all__ = ["ANONYMOUS", "SYSTEM", "Action", "Decision", "Principal", "Role", "check", "require"]
