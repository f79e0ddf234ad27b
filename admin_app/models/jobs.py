"""Tables: background jobs (an Excel export of a large list, a large import): who started
what, how far it got, and the file it made, kept for a day."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, OrgScoped, utcnow
from ..rules.core.messages import Labels, word
from ..rules.core.messages._marker import _

JOB_STATUSES = Labels({"queued": "Waiting", "running": "Running", "done": "Done",
                "failed": "Failed"})


class Job(OrgScoped, Base):
    __tablename__ = "job"
    __table_args__ = (Index("ix_job_user_created", "user_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    kind: Mapped[str] = mapped_column(String(30))           # what runs it: jobs/kinds
    title: Mapped[str] = mapped_column(String(200))          # what the user sees
    params: Mapped[str] = mapped_column(Text, default="{}")  # JSON the runner reads
    status: Mapped[str] = mapped_column(String(10), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)    # progress: rows so far
    total: Mapped[int | None] = mapped_column(Integer)       # of this many, when known
    result_file: Mapped[str | None] = mapped_column(String(80))    # stored name
    result_name: Mapped[str | None] = mapped_column(String(200))   # download name
    message: Mapped[str | None] = mapped_column(Text)        # the outcome, in words
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def status_label(self) -> str:
        return JOB_STATUSES.get(self.status, self.status)

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0

    def __str__(self):
        return word(_("Job {id}: {title}")).format(id=self.id, title=self.title)
