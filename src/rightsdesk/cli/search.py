"""`rightsdesk search`: recommendations found by words, by meaning, or both (thin glue over
`rightsdesk.search.hybrid`)."""

from __future__ import annotations

from typing import Any

import click

from rightsdesk.cli.common import CONTEXT, emit, get_store


def _table(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        issues = "; ".join(r["issues"]) or "-"
        click.echo(f"{r['score']:.4f}\t{r['to']} ← {r['from']} (session {r['session']})\t[{issues}]\n\t{r['text']}")


@click.command("search", context_settings=CONTEXT)
@click.argument("query")
@click.option("--kind", type=click.Choice(["recommendation"]), default="recommendation", show_default=True,
              help="What to search (recommendations are the kind with vectors).")
@click.option("--mode", type=click.Choice(["keyword", "semantic", "hybrid"]), default="hybrid", show_default=True,
              help="keyword: full-text, every word required; semantic: nearest by meaning (the shipped static "
                   "embedding model); hybrid: both, fused by reciprocal rank.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many results.")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: a list of {id, text, issues (official labels), score, to, from, session, "
                   "keyword_rank, semantic_rank}.")
@click.pass_context
def search(ctx: click.Context, query: str, kind: str, mode: str, limit: int, as_json: bool) -> None:
    """Search UPR recommendations for QUERY by words (keyword), by meaning (semantic) or both (hybrid).

    Semantic and hybrid search find recommendations that say what you mean in other words ("people taken away
    whose fate is never disclosed" finds enforced disappearances). English queries; the shipped model does not
    read Korean. Scores are higher-is-better in every mode; `issues` are the official UPR Info labels.

    \b
    Example:
        rightsdesk search "people taken away whose fate is never disclosed" --limit 5
        rightsdesk search "death penalty" --mode keyword --json
    """
    from rightsdesk.access import SYSTEM
    from rightsdesk.search.hybrid import search_recommendations, unembedded

    store = get_store(ctx, loaded=True)
    with store.reading(SYSTEM) as session:
        results = search_recommendations(session, query, mode=mode, limit=limit)  # type: ignore[arg-type]
        missing = unembedded(session) if mode != "keyword" else 0
    if missing:
        click.echo(f"warning: {missing:,} recommendations have no vector yet and are found by words only: run "
                   "`rightsdesk build`", err=True)
    emit([r.as_dict() for r in results], as_json=as_json, table=_table)


def register(group: click.Group) -> None:
    """Add `search` to `group`."""
    group.add_command(search)
