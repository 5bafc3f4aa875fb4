"""The trained UPR tagger, kept on disk so that tagging does not retrain (training takes a minute or two).

The file is named by the model version and a hash of the training data (every labelled row's id, text, session,
issues and category), so new labels or a new model version train a new file and a stale one is never used. The
directory is RIGHTSDESK_MODEL_DIR, else `rightsdesk-models/` beside the SQLite database (or in the working
directory). Nothing is downloaded: the model is always trained here, from the store's own labelled rows. The
files are pickles written by this program; never point the directory at files from elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rightsdesk import __version__
from rightsdesk.settings import Settings
from rightsdesk.tagging.corpus import LabelledText
from rightsdesk.tagging.upr import MODEL_NAME, UprTagger

FORMAT = 2  # 2: the action category sees the verb scheme (tagging.actions)


def training_hash(rows: Sequence[LabelledText]) -> str:
    """A content hash of the labelled rows a model learns from."""
    h = hashlib.sha256()
    for r in sorted((r for r in rows if r.labelled), key=lambda r: r.id):
        h.update(json.dumps([r.id, r.text, r.session, sorted(r.issues), r.action_category]).encode())
    return h.hexdigest()[:16]


def model_dir(settings: Settings) -> Path:
    """Where trained models are kept (see the module doc)."""
    if settings.model_dir:
        return Path(settings.model_dir)
    db_url = settings.db_url
    if db_url and db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
        return Path(db_url.removeprefix("sqlite:///")).resolve().parent / "rightsdesk-models"
    return Path("rightsdesk-models").resolve()


def model_path(directory: Path, rows: Sequence[LabelledText]) -> Path:
    return directory / f"{MODEL_NAME}-{__version__}-f{FORMAT}-{training_hash(rows)}.pkl"


def load_or_train(rows: Sequence[LabelledText], directory: Path) -> tuple[UprTagger, bool]:
    """The tagger trained on `rows`, from `directory` if trained before, else trained now and saved there.

    Returns the tagger and whether it was trained in this call."""
    path = model_path(directory, rows)
    if path.exists():
        with path.open("rb") as f:
            model: UprTagger = pickle.load(f)  # noqa: S301 - a file this program wrote, named by its content hash
        return model, False
    model = UprTagger(version_tag=training_hash(rows)[:8]).fit(rows)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=directory, delete=False, suffix=".tmp") as tmp:
        pickle.dump(model, tmp, protocol=pickle.HIGHEST_PROTOCOL)
    Path(tmp.name).replace(path)
    return model, True


def find_model(directory: Path, version: str) -> UprTagger | None:
    """The kept tagger of `version` (as stored with its labels, `0.1.0+1a2b3c4d`), or None when not at hand."""
    release, _, tag = version.partition("+")
    if not tag or not directory.is_dir():
        return None
    for path in sorted(directory.glob(f"{MODEL_NAME}-{release}-f{FORMAT}-{tag}*.pkl")):
        with path.open("rb") as f:
            model: UprTagger = pickle.load(f)  # noqa: S301 - a file this program wrote, named by its content hash
        if model.version == version:
            return model
    return None
