"""The staff API (/api/...): search, eligibility, policies, conversations, behind a bearer token.

Every route needs `Authorization: Bearer <STAFF_TOKEN>`; without STAFF_TOKEN set the API
refuses everything (503). Bad input gets a clear 4xx (FastAPI validates types; the
eligibility engine's own checks become 422 with its message), never a 500.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from actions.eligibility.errors import EligibilityError
from actions.policy.corpus import CorpusError
from actions.search.embedder import ModelMissingError
from actions.search.index import IndexUnavailableError
from web import conversations, policy_views
from web.settings import WebSettings

MAX_QUERY_CHARS = 200
SENDER_ID = r"^[A-Za-z0-9_.:@\-]{1,128}$"


class EligibilityRequest(BaseModel):
    """The eligibility command line's request object."""

    model_config = ConfigDict(extra="forbid")
    profile: dict[str, Any] = Field(description='facts by profile-fields.yml name, e.g. {"employees": 30}')
    as_of: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="evaluation date")
    policy: str | None = Field(default=None, max_length=100, description="doc_id; default: the default policy")


def require_staff(request: Request) -> None:
    settings: WebSettings = request.app.state.settings
    if not settings.staff_api_on:
        raise HTTPException(503, "staff API is off: set STAFF_TOKEN and restart the web app")
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip().encode(), settings.staff_token.encode()):
        raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})


router = APIRouter(prefix="/api", dependencies=[Depends(require_staff)], tags=["staff"])


def _library_unavailable(error: Exception) -> HTTPException:
    return HTTPException(503, f"policy library not ready: {error}")


@router.get("/search", summary="Search the policy text (the search command line's JSON)")
def search(
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="question or keywords")],
    k: Annotated[int, Query(ge=1, le=20)] = 5,
) -> dict[str, Any]:
    if not q.strip():
        raise HTTPException(422, "q is blank")
    try:
        return policy_views.search(q.strip(), k)
    except (IndexUnavailableError, ModelMissingError) as error:
        raise _library_unavailable(error) from error


@router.post("/eligibility", summary="Evaluate a profile (the eligibility command line's JSON + answer_text)")
def eligibility(body: EligibilityRequest) -> dict[str, Any]:
    if body.policy is not None and body.policy not in policy_views.known_doc_ids():
        raise HTTPException(404, f"no policy {body.policy!r}")
    try:
        return policy_views.eligibility(body.profile, body.as_of, body.policy)
    except (EligibilityError, CorpusError, ValueError) as error:
        raise HTTPException(422, str(error)) from error


@router.get("/fields", summary="The profile fields, with the questions the bot asks")
def fields() -> list[dict[str, Any]]:
    return policy_views.fields()


@router.get("/policies", summary="Every policy in the library")
def policies() -> list[dict[str, Any]]:
    return [policy_views.document_summary(d) for d in policy_views.documents()]


@router.get("/policies/{doc_id}", summary="One policy with all its measures")
def policy(doc_id: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
    if doc_id not in policy_views.known_doc_ids():
        raise HTTPException(404, f"no policy {doc_id!r}")
    return policy_views.document_detail(doc_id)


@router.get("/conversations/{sender_id}", summary="Facts the bot recorded and the transcript")
def conversation(
    request: Request, sender_id: Annotated[str, Path(pattern=SENDER_ID, description="Rasa sender id")]
) -> dict[str, Any]:
    settings: WebSettings = request.app.state.settings
    try:
        found = conversations.lookup(settings.rasa_url, sender_id, settings.rasa_token)
    except conversations.ConversationUnavailable as error:
        raise HTTPException(502, str(error)) from error
    if not found["found"]:
        raise HTTPException(404, f"no conversation {sender_id!r}")
    return found
