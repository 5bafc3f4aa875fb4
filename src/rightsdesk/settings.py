"""Settings: one frozen object read from RIGHTSDESK_* environment variables and passed in explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB_FILE = "rightsdesk.db"
SITUATION_ENV = "RIGHTSDESK_SITUATION"


@dataclass(frozen=True)
class Settings:
    """What the program needs to know about its surroundings."""

    db_url: str
    model_dir: str | None = None  # RIGHTSDESK_MODEL_DIR: where trained taggers are kept (docs/tagging.md)
    situation: str | None = None  # RIGHTSDESK_SITUATION: a situation pack's folder, read instead of the bundled one

    @classmethod
    def from_env(cls, db_url: str | None = None, situation: str | None = None) -> Settings:
        """Settings from `db_url` if given, else RIGHTSDESK_DB_URL, else a SQLite file in the working directory;
        the situation pack's folder from `situation` if given, else RIGHTSDESK_SITUATION, else none (the bundled
        pack)."""
        url = db_url or os.environ.get("RIGHTSDESK_DB_URL") or f"sqlite:///{Path(DEFAULT_DB_FILE).resolve()}"
        return cls(db_url=url, model_dir=os.environ.get("RIGHTSDESK_MODEL_DIR") or None,
                   situation=situation or os.environ.get(SITUATION_ENV) or None)
