"""Admin routes under ``/-/`` (bearer token, as every write): the state of the query machinery."""

from __future__ import annotations

import os
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from api.access import AccessDenied, require_token
from api.deps import get_query_service, get_settings
from api.problems import problem_response, responses
from styrgraf.settings import Settings

__all__ = ["router"]

router = APIRouter(tags=["admin"])


@router.get(
    "/-/status",
    summary="Query workers, checkpoints, cache (needs the bearer token)",
    responses=responses(401, 403),
)
def status(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> Any:
    try:
        require_token(request, settings, "the status route")
    except AccessDenied as exc:
        return problem_response(request, exc.status, str(exc), headers=exc.headers)
    service = get_query_service(request)
    pool = service.pool
    return JSONResponse(
        {
            "pid": os.getpid(),
            "generation": service.store.generation,
            "workers": pool.pids if pool is not None else [],
            "idle_workers": pool.idle if pool is not None else 0,
            "checkpoints": [path.name for path in pool.checkpoints] if pool is not None else [],
            "active_queries": service.active,
            "cache": {"entries": len(service.cache), "bytes": service.cache.size},
            "response_cache": {"entries": len(answers), "bytes": answers.size, "hits": answers.hits}
            if (answers := request.app.state.responses) is not None
            else None,
        }
    )
