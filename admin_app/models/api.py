"""Tables: the JSON API's tokens and the answers kept for its idempotency keys."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, OrgScoped, utcnow


class ApiToken(OrgScoped, Base):
    """A secret that acts as its user over the API. Only a hash is kept: the token is
    shown once, when created. `role_id`: a token the main account made for a role acts
    with that role's permissions only."""
    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    # The first characters, to tell tokens apart in lists and logs
    prefix: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    role_id: Mapped[int | None] = mapped_column(ForeignKey("role.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    user = relationship("User", foreign_keys=[user_id])
    role = relationship("Role")
    created_by = relationship("User", foreign_keys=[created_by_id])

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class ApiRequest(OrgScoped, Base):
    """A POST or PATCH sent with an Idempotency-Key: what it asked (a fingerprint of
    method, path and body) and, once answered, the answer to replay."""
    __tablename__ = "api_request"
    __table_args__ = (UniqueConstraint("token_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_token.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)  # None: still running
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
