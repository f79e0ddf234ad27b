"""The API's adapter over the core, as views/transaction.run is the pages': a write runs
its use case through the one unit of work, keyed by the request's Idempotency-Key when
it has one (rules/core/replays.py), and answers JSON; a refusal answers a problem."""
import hashlib
import json
from typing import Callable

from flask import Response, g, request

from ..extensions import db
from ..rules.core import replays, unit_of_work
from ..rules.core.errors import RuleError
from . import problems

JSON = "application/json"


def ok(content, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(content, ensure_ascii=False), status=status, mimetype=JSON,
                    headers=headers)


def write(work: Callable[[], object], shape: Callable[[object], dict],
          status: int | Callable[[object], int] = 201) -> Response:
    """Run work() (a use case) as one transaction; answer shape(result), with `status`
    (or status(result): an upsert answers 201 when it made the row, 200 when not)."""
    def run_once() -> tuple[int, str]:
        result = work()
        code = status(result) if callable(status) else status
        return code, json.dumps(shape(result), ensure_ascii=False)

    key = request.headers.get("Idempotency-Key")
    if key is None:
        code, text = unit_of_work.run(db.session, run_once)
        return Response(text, status=code, mimetype=JSON)
    token_id, org_id = g.api_token.id, g.api_token.org_id
    print_ = replays.fingerprint(request.method, request.full_path, _body())
    replay = unit_of_work.run(db.session, lambda: replays.claim(
        db.session, org_id, token_id, key, print_))
    if replay is not None:
        media = problems.MEDIA if replay.status >= 400 else JSON
        return Response(replay.body, status=replay.status, mimetype=media,
                        headers={"Idempotent-Replayed": "true"})

    def work_and_answer() -> tuple[int, str]:
        code, text = run_once()
        replays.answer(db.session, token_id, key, code, text)
        return code, text

    try:
        code, text = unit_of_work.run(db.session, work_and_answer)
        return Response(text, status=code, mimetype=JSON)
    except RuleError as exc:
        code, content = problems.refusal(exc)
        text = json.dumps(content, ensure_ascii=False)
        unit_of_work.run(db.session, lambda: replays.answer(
            db.session, token_id, key, code, text))
        return Response(text, status=code, mimetype=problems.MEDIA)
    except BaseException:
        unit_of_work.run(db.session, lambda: replays.release(db.session, token_id, key))
        raise


def _body() -> bytes:
    """What the request asked: its JSON's data, or a form's fields and files' contents
    (a multipart body's boundary differs on every retry of the same request)."""
    if request.is_json:  # the same data however it is spaced or ordered
        data = request.get_json(silent=True)
        return request.get_data() if data is None else \
            json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    if not request.files and not request.form:
        return request.get_data()
    parts = sorted(f"{k}={v}" for k, v in request.form.items(multi=True))
    for name, file in sorted(request.files.items(multi=True)):
        parts.append(f"{name}:{file.filename}:{hashlib.sha256(file.read()).hexdigest()}")
        file.seek(0)
    return "\n".join(parts).encode()


def preview(work: Callable[[], object], shape: Callable[[object], dict]) -> Response:
    """A dry run: the use case runs and what it would do is answered, nothing is kept."""
    try:
        content = shape(work())
    finally:
        unit_of_work.rollback(db.session)
    return ok(content, 200)
