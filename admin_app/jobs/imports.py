"""A large import's confirmation as a job (returns, platform requests): the file kept
at its preview is read and checked again, then imported in one transaction, or nothing
is (a replay of the confirmation was refused by its one-time token; a file imported
before is refused by its digest)."""
from flask_babel import gettext

from .. import uploads
from ..extensions import db
from ..models import User
from ..rules.aftersales import importing, returns_file
from ..rules.core import jobs, unit_of_work
from ..rules.core.errors import RuleError
from ..rules.platforms import importing as platform_importing
from .registry import KINDS


def _confirm(job, report, read, check, apply):
    """Read the kept file, check every row again, apply: the batch made."""
    asked = jobs.params(job)
    digest, ext, name = asked["digest"], asked["ext"], asked["name"]
    user = db.session.get(User, job.user_id)

    def confirm():
        data = uploads.kept_for_import(job.org_id, digest, ext)
        if importing.digest(data) != digest:
            raise RuleError("form.file_changed_upload_again")
        rows = read(f"file.{ext}", data)
        report(0, len(rows))
        return apply(db.session, user, check(db.session, job.org_id, rows), digest, name)
    batch = unit_of_work.run(db.session, confirm)
    uploads.forget_import(job.org_id, digest, ext)
    return batch


def import_returns(job, report):
    batch = _confirm(job, report, returns_file.read, importing.check, importing.apply)
    return (batch.rows, gettext("Imported %(count)s customer return(s) from %(file)s "
                                "(%(rows)s rows): waiting for Return Stock-In.",
                                count=batch.created, file=batch.filename, rows=batch.rows),
            None, None)


def import_platform(job, report):
    batch = _confirm(job, report, platform_importing.read, platform_importing.check,
                     platform_importing.apply)
    return (batch.rows, gettext("Imported %(rows)s row(s) from %(file)s: %(count)s new "
                                "platform request(s); any already here were brought up to date.",
                                rows=batch.rows, file=batch.filename, count=batch.created),
            None, None)


KINDS["import_returns"] = import_returns
KINDS["import_platform"] = import_platform
