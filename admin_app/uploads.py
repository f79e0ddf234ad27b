"""Uploaded files (payment proofs): checked, renamed, kept outside the web root."""
import secrets
from pathlib import Path

from flask import abort, current_app, send_from_directory

from .rules.core.errors import RuleError

# Extension -> the bytes such a file starts with.
ALLOWED = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "pdf": (b"%PDF-",),
}


def _folder(org_id: int) -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / str(int(org_id))


def save_proof(file, org_id: int) -> tuple[str, str] | tuple[None, None]:
    """Store an optional proof; return (stored name, original name)."""
    if file is None or not getattr(file, "filename", ""):
        return None, None
    original = Path(file.filename).name[:200]
    ext = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    if ext not in ALLOWED:
        raise RuleError("Proof file: a PNG, JPEG or PDF file, please.")
    data = file.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)
    if len(data) > current_app.config["UPLOAD_MAX_BYTES"]:
        limit = current_app.config["UPLOAD_MAX_BYTES"] // (1024 * 1024)
        raise RuleError(f"Proof file: at most {limit} MB.")
    if not data.startswith(ALLOWED[ext]):
        raise RuleError(f"Proof file: this is not a real .{ext} file.")
    stored = f"{secrets.token_hex(16)}.{ext}"
    folder = _folder(org_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(data)
    return stored, original


def send_proof(row):
    """The proof attached to a receipt or refund order (already checked to be the
    user's organization's), or 404 when it has none."""
    if not row.proof_file:
        abort(404)
    return send_from_directory(_folder(row.org_id), row.proof_file,
                               download_name=row.proof_name,
                               as_attachment=not row.proof_file.endswith(
                                   (".png", ".jpg", ".jpeg")))
