"""API tokens (issue 25): a user makes tokens for themself; the main account also for a
role, and sees and revokes every token of the organization. A new token's secret is
shown once, on the page that made it."""
from flask import redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from ..app_form import AppForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from ..extensions import db
from ..models import ApiToken, Role
from ..rules.accounts import api_tokens
from .access import SecureView, find, get_or_404, org_id
from .date_fields import LocalDateField
from .forms import IdempotencyField, new_token
from .transaction import run


class TokenForm(AppForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=80)],
                       description=_l("What uses it: a connector, an accounting system"))
    expires_on = LocalDateField(_l("Expires on"), validators=[Optional()],
                                description=_l("Blank: until revoked"))
    role = SelectField(_l("Acts with the permissions of"), validators=[Optional()])
    token = IdempotencyField()


class ApiTokensView(SecureView):
    open_to_every_user = True

    def _form(self) -> TokenForm:
        form = TokenForm()
        roles = db.session.execute(select(Role).where(Role.org_id == org_id())
                                   .order_by(Role.name)).scalars().all()
        form.role.choices = [("", gettext("Me (%(name)s)", name=current_user.name))] + \
            [(str(r.id), gettext("Role: %(name)s", name=r.name)) for r in roles]
        if not current_user.is_main:
            del form.role
        return form

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = self._form()
        if form.validate_on_submit():
            role = find(Role, form.role.data) if "role" in form and form.role.data else None
            outcome = run(lambda: api_tokens.create(
                db.session, current_user, name=form.name.data, role=role,
                expires_on=form.expires_on.data), token=form.token.data,
                action="api_token.create")
            if outcome.ok:
                made, secret = outcome.result
                return self.render("api/tokens.html", form=self._fresh(), tokens=self._list(),
                                   secret=secret, made=made)
        elif request.method == "GET":
            form.token.data = new_token()
        return self.render("api/tokens.html", form=form, tokens=self._list(), secret=None,
                           made=None)

    def _fresh(self) -> TokenForm:
        form = self._form()
        form.name.data, form.token.data = "", new_token()
        return form

    def _list(self) -> list:
        query = select(ApiToken).where(ApiToken.org_id == org_id()).options(
            joinedload(ApiToken.user), joinedload(ApiToken.role)).order_by(ApiToken.id.desc())
        if not current_user.is_main:
            query = query.where(ApiToken.user_id == current_user.id)
        return [(t, api_tokens.active(t)) for t in db.session.execute(query).scalars()]

    @expose("/<int:token_id>/revoke", methods=("POST",))
    def revoke(self, token_id):
        token = get_or_404(ApiToken, token_id, "write")
        run(lambda: api_tokens.revoke(db.session, current_user, token),
            done=gettext("Token %(name)s revoked: calls with it are refused from now on.",
                         name=token.name))
        return redirect(url_for(".index"))
