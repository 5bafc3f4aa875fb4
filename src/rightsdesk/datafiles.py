"""Reading the data files that ship inside the package (YAML tables of the machinery and the situation)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_yaml(package: str, name: str) -> dict[str, Any]:
    """The YAML mapping in file `name` of `package` (read once); AssertionError if it is not a mapping."""
    data = yaml.safe_load(resources.files(package).joinpath(name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{package}/{name} must hold a mapping"
    return data
