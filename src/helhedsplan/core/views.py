"""Core's pages: the one way private files are served."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from helhedsplan.core import private_files


@require_GET
@never_cache
@login_required
def private_file(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    """A private file, as an attachment, to whom the owning app's rule allows. To anyone else
    it does not exist (404): a private file's id tells nothing about what is stored."""
    files = private_files.private_files(kind)
    if files is None:
        raise Http404
    owner = get_object_or_404(files.model, pk=pk)
    stored = getattr(owner, files.field)
    if not stored or not files.may_read(request.user, owner):
        raise Http404
    return FileResponse(stored.open("rb"), as_attachment=True, filename=files.download_name(owner))
