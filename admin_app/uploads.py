"""Uploaded files (payment and refund proofs): checked, renamed, kept outside the web
root, and written only when the action that carries them succeeds.

`accept_proof` checks a file, gives it its stored name and stages it in the running unit
of work (rules/core/unit_of_work.py), which writes it just before it commits and deletes
it again if the commit fails, so a refused payment or refund leaves no file."""
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, send_from_directory

from .rules.core import unit_of_work
from .rules.core.errors import RuleError
from .rules.core.text import single_line
from .rules.platforms.evidence import StoredFile

# Extension -> the bytes such a file starts with.
ALLOWED = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "pdf": (b"%PDF-",),
}
MAX_NAME = 200


@dataclass
class Accepted:
    org_id: int
    stored: str
    original: str
    data: bytes


def _folder(org_id: int) -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / str(int(org_id))


def display_name(filename: str) -> str:
    """The name shown for a file: its last path part, printable, at most 200 chars
    (the extension kept), never the basis of any check."""
    name = Path((filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()) or "file"
    if len(name) <= MAX_NAME:
        return name
    stem, dot, ext = name.rpartition(".")
    return (stem[: MAX_NAME - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 \
        else name[:MAX_NAME]


def _extension(filename: str) -> str:
    """The real extension of the whole name (not of a shortened one)."""
    name = Path((filename or "").replace("\\", "/")).name
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def accept_proof(file, org_id: int) -> Accepted | None:
    """Check an optional proof (type by extension and content, size); nothing is
    written until the action commits."""
    if file is None or not getattr(file, "filename", ""):
        return None
    ext = _extension(file.filename)
    if ext not in ALLOWED:
        raise RuleError('upload.proof_file_png_jpeg', field='proof_file')
    data = file.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)
    if len(data) > current_app.config["UPLOAD_MAX_BYTES"]:
        limit = current_app.config["UPLOAD_MAX_BYTES"] // (1024 * 1024)
        raise RuleError('upload.proof_file_most_mb', {'limit': limit}, field='proof_file')
    if not data.startswith(ALLOWED[ext]):
        raise RuleError('upload.proof_file_real_file', {'ext': ext}, field='proof_file')
    accepted = Accepted(int(org_id), f"{secrets.token_hex(16)}.{ext}",
                        display_name(file.filename), data)
    unit_of_work.stage_file(_folder(accepted.org_id) / accepted.stored, data)
    return accepted


# Evidence (SPEC S12): extension -> (kind, content type, does the content match?)
EVIDENCE = {
    "jpg": ("photo", "image/jpeg", lambda d: d.startswith(b"\xff\xd8\xff")),
    "jpeg": ("photo", "image/jpeg", lambda d: d.startswith(b"\xff\xd8\xff")),
    "png": ("photo", "image/png", lambda d: d.startswith(b"\x89PNG\r\n\x1a\n")),
    "webp": ("photo", "image/webp", lambda d: d[:4] == b"RIFF" and d[8:12] == b"WEBP"),
    "mp4": ("video", "video/mp4", lambda d: d[4:8] == b"ftyp"),
    "mov": ("video", "video/quicktime", lambda d: d[4:8] in (b"ftyp", b"moov", b"wide")),
    "webm": ("video", "video/webm", lambda d: d.startswith(b"\x1a\x45\xdf\xa3")),
}


def accept_evidence(file, org_id: int) -> StoredFile:
    """A photo or a video checked (type by extension and content, size by kind) and
    staged like a proof: written only when the action commits."""
    ext = _extension(getattr(file, "filename", ""))
    if ext not in EVIDENCE:
        raise RuleError("evidence.file_type", field="evidence")
    kind, content_type, matches = EVIDENCE[ext]
    limit = current_app.config["EVIDENCE_MAX_BYTES"][kind]
    data = file.read(limit + 1)
    name = display_name(file.filename)
    if len(data) > limit:
        raise RuleError("evidence.file_too_big", {"name": name, "limit": limit // 1024 // 1024,
                                                  "kind": kind}, field="evidence")
    if not matches(data):
        raise RuleError("evidence.not_real", {"name": name, "ext": ext.upper()},
                        field="evidence")
    stored = f"{secrets.token_hex(16)}.{ext}"
    unit_of_work.stage_file(_folder(org_id) / "evidence" / stored, data)
    return StoredFile(stored, name, kind, content_type, len(data))


def send_evidence(row):
    """An evidence file of the user's organization (checked by the caller), shown in
    the page (images, videos: ranges served for the player)."""
    if not row.stored:
        abort(404)
    return send_from_directory(_folder(row.org_id) / "evidence", row.stored,
                               mimetype=row.content_type, conditional=True,
                               download_name=single_line(row.name) or row.stored)


def send_proof(row):
    """The proof attached to a receipt or refund order (already checked to be the
    user's organization's), or 404 when it has none."""
    if not row.proof_file:
        abort(404)
    return send_from_directory(_folder(row.org_id), row.proof_file,
                               download_name=single_line(row.proof_name) or row.proof_file,
                               as_attachment=not row.proof_file.endswith(
                                   (".png", ".jpg", ".jpeg")))


# --- files waiting between an import's preview and its confirmation --------------------
IMPORT_EXTENSIONS = ("csv", "xlsx")


def _import_path(org_id: int, digest: str, ext: str) -> Path:
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest) or \
            ext not in IMPORT_EXTENSIONS:
        raise RuleError('upload.file_longer_waiting_upload')
    return _folder(org_id) / "imports" / f"{digest}.{ext}"


def keep_for_import(org_id: int, digest: str, ext: str, data: bytes) -> None:
    path = _import_path(org_id, digest, ext)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def kept_for_import(org_id: int, digest: str, ext: str) -> bytes:
    path = _import_path(org_id, digest, ext)
    if not path.is_file():
        raise RuleError('upload.file_longer_waiting_upload')
    return path.read_bytes()


def forget_import(org_id: int, digest: str, ext: str) -> None:
    _import_path(org_id, digest, ext).unlink(missing_ok=True)


# --- a job's result (an export): kept for a day, then deleted --------------------------
def job_file(org_id: int, stored: str) -> Path:
    """Where a job's file is written (its folder made)."""
    folder = _folder(org_id) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / stored


def send_job_file(job):
    """A finished job's file, or 404 when it has none (any more)."""
    if not job.result_file or not (_folder(job.org_id) / "jobs" / job.result_file).is_file():
        abort(404)
    return send_from_directory(_folder(job.org_id) / "jobs", job.result_file,
                               download_name=single_line(job.result_name) or job.result_file,
                               as_attachment=True)


def remove_job_file(job) -> None:
    if job.result_file:
        (_folder(job.org_id) / "jobs" / job.result_file).unlink(missing_ok=True)
