"""Labels on a recommendation's page: the predicted ones (marked predicted, with score and evidence), and a
person's verdict on them.

`POST /recommendations/{id}/labels` (fields csrf, scheme, label, verdict: confirm, reject or add) needs a
signed-in person (the desk's session) holding `label-records` in some collection, and the session's CSRF token.
The verdict is stored as a person's label with who and when (`tagging.review.record_verdict`), written to the
audit log, and the page is shown again. The kept UPR tagger that gives a predicted issue its word evidence is
found in the model directory (`tagging.cache.find_model`) and loaded once per version.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from rightsdesk.access import Action, Principal, check
from rightsdesk.errors import PermissionDeniedError
from rightsdesk.search import browse
from rightsdesk.store import ReadSession, Store
from rightsdesk.tagging.upr import UprTagger
from rightsdesk.web.desk import Desk


class Labelling:
    """The recommendation page's labels section and the verdict route, over one store and the desk's sessions."""

    def __init__(self, store: Store, desk: Desk) -> None:
        self.store = store
        self.desk = desk
        self._models: dict[str, UprTagger | None] = {}
        self._lock = threading.Lock()

    def routes(self) -> list[Route]:
        """The verdict route."""
        return [Route("/recommendations/{id}/labels", self.decide, methods=["POST"])]

    def model(self, version: str) -> UprTagger | None:
        """The kept UPR tagger of `version`, loaded once (None when it is not in the model directory)."""
        from rightsdesk.settings import Settings
        from rightsdesk.tagging.cache import find_model, model_dir

        with self._lock:
            if version not in self._models:
                self._models[version] = find_model(model_dir(Settings.from_env(self.store.url)), version)
            return self._models[version]

    def context(self, request: Request, conn: Connection, rec: dict[str, Any]) -> dict[str, Any]:
        """What the page shows of the labels, and whether (and with which CSRF token) the reader may judge them."""
        from rightsdesk.tagging.review import labels_for_review

        principal, csrf = self.desk.principal(request)
        labels = labels_for_review(conn, rec["id"], rec["text"], self.model)
        can_label = _may_label(principal)
        if not can_label:  # reviewers' account names are for reviewers: others see the verdict, not who gave it
            for item in (*labels["predicted"], *labels["added"]):
                if item.get("verdict"):
                    item["verdict"] = {**item["verdict"], "person": None}
        return {**labels, "can_label": can_label, "csrf": csrf, "user": principal.user,
                "desk_open": self.desk.signer is not None,
                "done": request.query_params.get("labelled", "")}

    async def decide(self, request: Request) -> Response:
        """Store a signed-in person's verdict on a label of the recommendation."""
        from rightsdesk.store import audit
        from rightsdesk.tagging.review import record_verdict

        rec_id = request.path_params["id"]
        principal, csrf = self.desk.principal(request)
        if principal.anonymous:
            return RedirectResponse(f"/login?next=/recommendations/{rec_id}", status_code=303)
        if not _may_label(principal):
            raise PermissionDeniedError(Action.LABEL_RECORDS, f"no role of {principal.label} may label records")
        form = await request.form(max_files=0, max_fields=5)
        self.desk._check_csrf(form, csrf)
        scheme, label, verdict = (str(form.get(k, "")) for k in ("scheme", "label", "verdict"))
        with self.store.writing() as conn:
            browse.recommendation(ReadSession(conn, principal), rec_id)  # NotFoundError for an unknown recommendation
            stored = record_verdict(conn, rec_id, scheme, label, verdict, principal.label)
            audit.append(conn, self.desk.keyring, actor=principal.label, action="label-verdict", target=rec_id,
                         reason="", detail={"scheme": scheme, "label": stored, "verdict": verdict})
        return RedirectResponse(f"/recommendations/{rec_id}?labelled={verdict}#labels", status_code=303)


def _may_label(principal: Principal) -> bool:
    """Holding label-records in any collection (public records belong to none)."""
    return not principal.anonymous and any(check(principal, Action.LABEL_RECORDS, where).allowed
                                           for _, where in principal.grants)
