"""Ids as hashes of natural keys: `natural_id` lives in `model/ids.py` (a pure hash that the layers above the store
use too); re-exported here so that imports of `rightsdesk.store.ids` keep working."""

from __future__ import annotations

from rightsdesk.model.ids import natural_id

__all__ = ["natural_id"]
