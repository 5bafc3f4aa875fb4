"""`rightsdesk tag` and `rightsdesk tag-text`: predicted UPR Info issues and action categories, with scores.

The tagger learns from the store's officially labelled recommendations (sessions before the one tagged) and is
kept on disk (`rightsdesk.tagging.cache`), so only the first run trains. `--write` stores the predictions in the
labels table as this model version's labels; official labels are never touched.
"""

from __future__ import annotations

from typing import Any

import click

from rightsdesk.cli.common import emit, get_store


def _tagger(ctx: click.Context, before: int | None, train_from: int) -> Any:
    from rightsdesk.access import SYSTEM
    from rightsdesk.errors import InputError
    from rightsdesk.settings import Settings
    from rightsdesk.tagging.cache import load_or_train, model_dir
    from rightsdesk.tagging.corpus import store_corpus

    store = get_store(ctx, loaded=True)
    with store.reading(SYSTEM) as session:
        rows = [r for r in store_corpus(session) if r.labelled and r.session >= train_from
                and (before is None or r.session < before)]
    if not rows:
        raise InputError(f"no labelled recommendations to learn from (sessions {train_from} to "
                         f"{'the last' if before is None else before - 1})")
    settings = Settings.from_env(ctx.find_root().params.get("db"))
    model, trained = load_or_train(rows, model_dir(settings))
    if trained:
        click.echo(f"trained {model.name} {model.version} on {len(rows)} labelled recommendations", err=True)
    return model


def _tags_json(tag: Any, uhri: Any) -> dict[str, Any]:
    return {"issues": [s.as_dict() for s in tag.issues], "action_category": tag.action_category.as_dict(),
            "themes": [s.as_dict() for s in uhri.themes], "sdgs": [s.as_dict() for s in uhri.sdgs],
            "affected_persons": [s.as_dict() for s in uhri.affected_persons]}


def _uhri(tags: list[Any], texts: list[str], *, evidence: bool = False) -> list[Any]:
    """UHRI themes, affected persons and SDGs of each text, from its words and its predicted issues."""
    from rightsdesk.tagging.uhri import UhriTagger

    return UhriTagger().tag(texts, [t.issue_scores for t in tags], evidence=evidence)


def _write(ctx: click.Context, model: Any, ids: list[str], tags: list[Any], uhri: list[Any]) -> None:
    """Store the predictions as model labels: issues and category under the UPR model's name and version, the
    UHRI labels under the zero-shot tagger's name and the same version (they are reached through the issues)."""
    from rightsdesk.store.labels import write_model_labels
    from rightsdesk.tagging.taxonomy import SCHEMES
    from rightsdesk.tagging.uhri import UhriTagger

    labels = [(rid, "upr-issue", s.label, s.score) for rid, g in zip(ids, tags, strict=True) for s in g.issues]
    labels += [(rid, "action-category", g.action_category.label, g.action_category.score)
               for rid, g in zip(ids, tags, strict=True)]
    themes = [(rid, scheme, s.label, s.score) for rid, u in zip(ids, uhri, strict=True) for scheme in SCHEMES
              for s in u.of(scheme)]
    with get_store(ctx, loaded=True, write=True).writing() as conn:
        n = write_model_labels(conn, model.name, model.version, labels)
        n += write_model_labels(conn, UhriTagger.name, model.version, themes)
    click.echo(f"stored {n} model labels ({model.name} {model.version}) for {len(ids)} recommendations", err=True)


def _table(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        issues = "; ".join(f"{i['label']} ({i['score']:.2f})" for i in r["issues"])
        a = r["action_category"]
        click.echo(f"{r.get('id', '-')}\t{a['label']} ({a['score']:.2f})\t{issues}")


def register(cli: click.Group) -> None:
    @cli.command("tag")
    @click.option("--session", "session_no", type=int, required=True, help="The UPR session to tag.")
    @click.option("--write", is_flag=True, help="Store the predictions in the labels table as model labels.")
    @click.option("--train-from", type=int, default=1, show_default=True,
                  help="The first session to learn from (the last is the one before --session).")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON: one object per recommendation.")
    @click.pass_context
    def tag(ctx: click.Context, session_no: int, write: bool, train_from: int, as_json: bool) -> None:
        """Predict UPR Info issues and the action category of every recommendation of a session.

        \b
        Example:
            rightsdesk tag --session 20 --json
            rightsdesk tag --session 20 --write
        """
        from rightsdesk.access import SYSTEM
        from rightsdesk.errors import NotFoundError
        from rightsdesk.store.readers.recommendations import recommendations
        model = _tagger(ctx, session_no, train_from)
        store = get_store(ctx, loaded=True)
        with store.reading(SYSTEM) as session:
            recs = sorted(recommendations(session, session_no=session_no), key=lambda r: r.id)
        if not recs:
            raise NotFoundError(f"no recommendations of session {session_no} in {store.display_url}")
        texts = [r.text for r in recs]
        tags = model.tag(texts)
        uhri = _uhri(tags, texts)
        out = [{"id": r.id, "to": r.to_state, "from": r.from_state, "text": r.text, **_tags_json(g, u)}
               for r, g, u in zip(recs, tags, uhri, strict=True)]
        if write:
            _write(ctx, model, [r.id for r in recs], tags, uhri)
        emit(out, as_json=as_json, table=_table)

    @cli.command("tag-text")
    @click.argument("text")
    @click.option("--evidence", is_flag=True, help="Add each issue's evidence (words and nearest labelled texts).")
    @click.option("--train-from", type=int, default=1, show_default=True, help="The first session to learn from.")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @click.pass_context
    def tag_text(ctx: click.Context, text: str, evidence: bool, train_from: int, as_json: bool) -> None:
        """Predict UPR Info issues and the action category of any text.

        \b
        Example:
            rightsdesk tag-text "Abolish the death penalty" --json
        """
        from rightsdesk.errors import InputError

        if not text.strip():
            raise InputError("tag-text: the text is empty")
        model = _tagger(ctx, None, train_from)
        tag = model.tag([text], evidence=evidence)[0]
        uhri = _uhri([tag], [text], evidence=evidence)[0]
        out = {"text": text, **_tags_json(tag, uhri), "model": {"name": model.name, "version": model.version}}
        emit(out, as_json=as_json, table=lambda o: _table([o]))
