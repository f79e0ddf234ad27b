"""Gunicorn settings, read when gunicorn starts in this folder (README: production)."""
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2))
# Every request fits in 30 s: what could take longer runs as a background job (exports
# of lists above CSV_INLINE_ROWS / EXCEL_INLINE_ROWS rows, imports above
# IMPORT_INLINE_ROWS rows: config.py). A worker killed at the limit cannot pass a cut
# download off as complete: streamed files end with chunked encoding's last chunk.
timeout = int(os.environ.get("WEB_TIMEOUT", 30))


def on_starting(server):
    # The app warns when several workers keep private sign-in counts (auth.py), and
    # refuses to start without a shared SECRET_KEY (config.py).
    os.environ["APP_WORKERS"] = str(server.cfg.workers)
    if server.cfg.workers > 1 and not os.environ.get("SECRET_KEY"):
        server.log.error("SECRET_KEY is not set: the %s workers would sign sessions with "
                         "different keys. Set SECRET_KEY and start again.",
                         server.cfg.workers)
        raise SystemExit(1)
    store = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    if server.cfg.workers > 1 and store.startswith("memory"):
        server.log.warning("RATELIMIT_STORAGE_URI is %s: each of the %s workers counts "
                           "failed sign-ins on its own; use redis://...", store,
                           server.cfg.workers)
