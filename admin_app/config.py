"""Configuration, read from the environment (and .env when present).

Nothing secret has a default: SECRET_KEY is generated once and kept in the instance
folder, so a fresh clone is safe without any setup.
"""
import os
import secrets
from pathlib import Path

from dotenv import load_dotenv

load_dotenv()

DEFAULT_SQLITE_NAME = "aftersales.db"


class MissingSecretKey(RuntimeError):
    """Production without SECRET_KEY: each server (or worker) would sign sessions with
    a key of its own, signing users out at random."""


def in_production() -> bool:
    """Several workers (gunicorn.conf.py says how many) or FLASK_ENV set to anything but
    development: the quick start and the tests are neither."""
    return int(os.environ.get("APP_WORKERS") or 1) > 1 or \
        os.environ.get("FLASK_ENV", "development") != "development"


def _secret_key(instance_path: str) -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if in_production():
        raise MissingSecretKey(
            "SECRET_KEY is not set. In production (several workers or servers, or "
            "FLASK_ENV=production) every one of them must sign sessions with the same "
            "key: set SECRET_KEY (e.g. python -c 'import secrets; "
            "print(secrets.token_hex(32))') in the environment of each.")
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Create with 0600 before writing so the key is never world-readable.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name the old driver; we ship psycopg 3.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://"):]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    return "sqlite:///" + str(Path(instance_path) / DEFAULT_SQLITE_NAME)


def uses_default_database() -> bool:
    return not os.environ.get("DATABASE_URL")


class Config:
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # a request carries at most a video and a few photos of evidence (SPEC S12)
    MAX_CONTENT_LENGTH = 64 * 1024 * 1024
    UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    EVIDENCE_MAX_BYTES = {"photo": 10 * 1024 * 1024, "video": 30 * 1024 * 1024}
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Background jobs' broker (redis://host:6379/1); unset: jobs run in a thread of the
    # web process (the quick start). Lists with more rows export to Excel as a job.
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
    EXCEL_INLINE_ROWS = int(os.environ.get("EXCEL_INLINE_ROWS", 5000))
    CSV_INLINE_ROWS = int(os.environ.get("CSV_INLINE_ROWS", 50_000))
    IMPORT_INLINE_ROWS = int(os.environ.get("IMPORT_INLINE_ROWS", 1000))
    RATELIMIT_HEADERS_ENABLED = True
    # Calls a minute per API token, counted in RATELIMIT_STORAGE_URI (shared by every
    # worker and server when it is Redis).
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/minute")
    # and from one address, whatever token it sends (invented ones included)
    API_ADDRESS_RATE_LIMIT = os.environ.get("API_ADDRESS_RATE_LIMIT", "3000/minute")
    # Webhook receivers inside the server's own network (loopback, private addresses)
    # are refused unless this is set (a receiver on the same machine, tests)
    WEBHOOK_ALLOW_PRIVATE = os.environ.get("WEBHOOK_ALLOW_PRIVATE") == "1"
    # The JSON API's OpenAPI document (APIFlask): served at /api/v1/openapi.json
    SPEC_FORMAT = "json"
    OPENAPI_VERSION = "3.0.3"  # what the docs page's Swagger UI (4.x) reads
    AUTO_TAGS = False  # each operation names its resource's tag
    AUTO_200_RESPONSE = False  # only the API's own routes are in its document
    SERVERS = [{"url": "/", "description": "The server this document is read from"}]
    INFO = {"description": "After-Sales Desk's JSON API: every action of the pages, over "
            "HTTP, for channel connectors and accounting systems."}
    # Failed sign-ins a minute (auth.py): one source address (or one known browser)
    # stops well before an account does, so one attacker's address cannot lock an
    # account for everyone; the account's own limit slows an attack from many addresses.
    LOGIN_FAILURES_PER_SOURCE = 5
    LOGIN_FAILURES_PER_ACCOUNT = 20
    # Argon2id; tests lower the cost, production keeps the library defaults.
    ARGON2_PARAMS: dict = {}
    FLASK_ADMIN_SWATCH = "cerulean"
    LIST_PAGE_SIZE = 50
    # A signed-in session ends after this long without a request.
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES") or 30)
    # How many reverse proxies in front of the app may set X-Forwarded-For/-Proto
    # (0: none; client addresses then come from the connection only).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES") or 0)

    @classmethod
    def load(cls, app) -> None:
        app.config.from_object(cls)
        app.config["SECRET_KEY"] = _secret_key(app.instance_path)
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.instance_path)
        app.config["UPLOAD_DIR"] = os.environ.get(
            "UPLOAD_DIR", str(Path(app.instance_path) / "uploads")
        )
        if os.environ.get("SESSION_COOKIE_SECURE") == "1":
            app.config["SESSION_COOKIE_SECURE"] = True
        _mail_settings(app)


def _mail_settings(app) -> None:
    """SMTP from MAIL_* variables (Flask-Mailman's names). Without MAIL_SERVER, mail is
    written as files to MAIL_FILE_PATH (default: the instance folder's mail/), so the
    quick start "sends" without a mail server."""
    env = os.environ.get
    server = env("MAIL_SERVER")
    app.config.update(
        MAIL_SERVER=server or "localhost",
        MAIL_PORT=int(env("MAIL_PORT") or 587),
        MAIL_USERNAME=env("MAIL_USERNAME"), MAIL_PASSWORD=env("MAIL_PASSWORD"),
        MAIL_USE_TLS=env("MAIL_USE_TLS", "1" if server else "0") == "1",
        MAIL_USE_SSL=env("MAIL_USE_SSL") == "1",
        MAIL_TIMEOUT=int(env("MAIL_TIMEOUT") or 30),
        MAIL_DEFAULT_SENDER=env("MAIL_DEFAULT_SENDER") or "After-Sales Desk <no-reply@localhost>",
        # where customers reach the app from their mail (the unsubscribe link)
        PUBLIC_URL=env("PUBLIC_URL") or "http://127.0.0.1:5000",
        MAIL_FILE_PATH=env("MAIL_FILE_PATH") or str(Path(app.instance_path) / "mail"))
    app.config.setdefault("MAIL_BACKEND", env("MAIL_BACKEND") or ("smtp" if server else "file"))


class TestConfig(Config):
    TESTING = True
    WEBHOOK_ALLOW_PRIVATE = True  # the tests' receiver listens on 127.0.0.1
    MAIL_BACKEND = "locmem"  # tests that deliver start a real SMTP server (aiosmtpd)
    ARGON2_PARAMS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


def tune_postgresql(config) -> None:
    """The planner's cost of a random page read. PostgreSQL's default (4) assumes
    spinning disks; on SSDs, with the hot tables in memory, it picks a full scan and
    hash join for a report where an index walk is four times faster. 1.1 is the usual
    SSD value; set PG_RANDOM_PAGE_COST to change it (or to "" to keep the server's)."""
    cost = os.environ.get("PG_RANDOM_PAGE_COST", "1.1")
    if not cost or not config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    setting = f"-c random_page_cost={float(cost)}"
    connect_args["options"] = f"{connect_args.get('options', '')} {setting}".strip()
    options["connect_args"] = connect_args
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options
