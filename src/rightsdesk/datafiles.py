"""Reading the data files that ship inside the package (YAML tables of the machinery), and the situation pack.

The situation pack is the folder of hand-entered files that describe one state's situation (`pack.yaml`,
`timeline.yaml`, ...). The bundled one (the DPRK, `situation/data/`) is read unless another was given to
`use_situation`: the CLI does so for `--situation DIR` or RIGHTSDESK_SITUATION, and each `serve` worker for
RIGHTSDESK_SITUATION, after checking the pack (`situation.pack.use_pack`).
Every reader of the pack asks `situation_folder()` each time, so caches keyed by that folder never mix packs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")
_situation: list[Path] = []  # the folder given to use_situation, if any


@cache
def load_yaml(package: str, name: str) -> dict[str, Any]:
    """The YAML mapping in file `name` of `package` (read once); AssertionError if it is not a mapping."""
    data = yaml.safe_load(resources.files(package).joinpath(name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{package}/{name} must hold a mapping"
    return data


def bundled_situation() -> Path:
    """The folder of the pack that ships with rightsdesk (the DPRK)."""
    return _BUNDLED[0]


_BUNDLED = [Path(str(resources.files("rightsdesk.situation.data")))]


def use_situation(folder: Path | None) -> None:
    """Read the situation pack from `folder` from now on in this process (None: back to the bundled one; the
    environment is read only where a process starts, which calls this). The caller checks the pack first (`situation.pack.validate_pack`)."""
    _situation[:] = [folder.resolve()] if folder is not None else []


def situation_folder() -> Path:
    """The folder of the pack in use: the one given to `use_situation`, else the bundled one. Asked on every read
    of the pack, so it is a list lookup: the environment (RIGHTSDESK_SITUATION, `Settings.situation`) is read where
    a process starts (the CLI's root command, each `serve` worker), which checks the pack and calls use_situation."""
    return _situation[0] if _situation else _BUNDLED[0]


@cache
def _situation_yaml(folder: Path, name: str) -> dict[str, Any]:
    path = folder / name
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} must hold a mapping"
    return data


def situation_yaml(name: str) -> dict[str, Any]:
    """The YAML mapping in file `name` of the pack in use ({} when the pack has no such file)."""
    return _situation_yaml(situation_folder(), name)


def situation_state() -> str:
    """The ISO alpha-3 code of the state whose situation the pack in use describes (PRK for the bundled pack)."""
    return str(situation_yaml("pack.yaml")["state"])


def situation_text(name: str) -> str | None:
    """The text of file `name` of the pack in use (None when the pack has no such file)."""
    path = situation_folder() / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def per_situation(func: Callable[[], T]) -> Callable[[], T]:
    """Cache a reader of the pack once per pack folder (instead of once per process, as `functools.cache`)."""
    cached: dict[Path, T] = {}

    @wraps(func)
    def read() -> T:
        folder = situation_folder()
        if folder not in cached:
            cached[folder] = func()
        return cached[folder]

    return read
