"""URL routes of akrim.web.api: the JSON API at /api/, its OpenAPI document at
/api/openapi.json and the document's page at /api/docs.

Every route is exempt from the site's sign-in redirect and authenticates itself (a token or
a signed-in session), answering 401 JSON to anyone else.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from akrim import __version__
from akrim.engines.backend import BackendError
from akrim.pipelines import workbench as wb
from akrim.web.api.auth import AUTH, UNAUTHORISED, credentials_required
from akrim.web.api.endpoints import router

logger = logging.getLogger(__name__)
api = NinjaAPI(
    title="akrim API",
    version=__version__,
    description=(
        "The workbench's reads for agency systems. Authenticate with a personal token "
        "(`Authorization: Bearer akr_...`, issued by `akrim users token USER`) or a signed-in "
        "session (unsafe methods need the CSRF token). Reads of register facts name a purpose "
        "and, for other agencies' facts, a case; the sharing policy decides, each read is "
        "audited, and withheld facts come back as `withheld` entries with the reason."
    ),
    auth=AUTH,
    urls_namespace="api",
)
api.add_router("", router)


def _problem(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    response = _problem(request, 401, UNAUTHORISED)
    response["WWW-Authenticate"] = 'Bearer realm="akrim"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return _problem(request, error.status_code, str(error))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    first = error.errors[0] if error.errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()))
    detail = f"{where}: {first.get('msg', 'invalid')}" if where else "invalid request"
    return _problem(request, 422, detail)


@api.exception_handler(wb.StoreBusy)
@api.exception_handler(wb.StoreMissing)
def _store_unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    return _problem(request, 503, str(error))


@api.exception_handler(BackendError)
def _store_failed(request: HttpRequest, error: BackendError) -> HttpResponse:
    """The analytical store could not answer (e.g. analysed by an older version that lacks
    a table the read model needs): 503 with the reason, logged like a server error."""
    logger.error("analytical store error on %s: %s", request.path, error)
    return _problem(request, 503, f"the analytical store could not answer: {error}")


def _authenticated_only(
    patterns: list[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    """Every API view (the document and its page included) behind `credentials_required`."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = credentials_required(pattern.callback)
    return patterns


app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = _authenticated_only(list(api.urls[0]))
