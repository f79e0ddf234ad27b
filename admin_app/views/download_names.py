"""The file name of a download, built safely whatever it is made of (a customer code, a
document number, a list's name): RFC 6266's Content-Disposition with an ASCII fallback
and the exact name in UTF-8 (RFC 5987), never a header break or a second parameter."""
from urllib.parse import quote

from werkzeug.utils import secure_filename

from ..rules.core.text import single_line


def attachment(filename: str, fallback: str = "download") -> dict:
    """The response headers that offer `filename` as a download."""
    name = single_line(filename).replace("/", "_").replace("\\", "_") or fallback
    ascii_name = secure_filename(name) or secure_filename(fallback) or "download"
    return {"Content-Disposition": f'attachment; filename="{ascii_name}"; '
                                   f"filename*=UTF-8''{quote(name, safe='')}"}
