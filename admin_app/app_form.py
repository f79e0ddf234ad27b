"""The app's own forms: WTForms' messages ("This field is required.") in the reader's
language, from the app's catalog. Flask-WTF reads WTForms' catalogs, which have no
Vietnamese, Thai, Indonesian or Malay."""
from flask_babel import get_translations
from flask_wtf import FlaskForm


class CatalogWords:
    """WTForms fills in the values itself: the catalog's words are returned as they are."""

    def gettext(self, string):
        return get_translations().ugettext(string)

    def ngettext(self, singular, plural, n):
        return get_translations().ungettext(singular, plural, n)


class AppForm(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return CatalogWords()
