"""What a page says in words: its text, the attributes a person reads (titles, hints,
button values, confirmations) and the filter menus Flask-Admin draws from JSON; and
which of those words are English left in a page drawn in another language."""
import json
import re
from html.parser import HTMLParser

READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-confirm",
                   "data-refund", "data-owes")
# the same in every language: names of products, channels, file types and codes
NAMES = ("After-Sales Desk", "Shopee", "Lazada", "TikTok Shop", "TikTok", "Shopify",
         "WooCommerce", "TEMU", "PG Mall", "POS", "CSV", "Excel", "XLSX", "PDF", "HTML",
         "PNG", "JPEG", "SKU", "COD", "YYYY-MM-DD", "send-mail", "English", "Bahasa Melayu",
         "Bahasa Indonesia", "Tiếng Việt", "Email", "E-mail", "OK", "MB", "Sub-SKU",
         "Sub-SKUs", "SKUs", ".xlsx", "ID", "API",
         "Webhook", "URL", "JSON", "POST", "https://", "2xx")
WORD = re.compile(r"[A-Za-z]{2,}")


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0
        self._json = False

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        # code: field names, commands; cite: a cited page's title, as it was published
        if tag in ("script", "style", "code", "cite"):
            self._skip += 1
        self._json = named.get("id") == "filter-groups-data"
        for key in READ_ATTRIBUTES:
            if named.get(key):
                self.texts.append(named[key])
        if tag == "input" and named.get("type") in ("submit", "button") and named.get("value"):
            self.texts.append(named["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "cite"):
            self._skip -= 1
        self._json = False

    def handle_data(self, data):
        if self._skip or not data.strip():
            return
        if self._json:
            self.texts.extend(_filter_words(json.loads(data)))
        elif 'class="inline-field' in data:  # a form row's template, kept as text
            self.texts.extend(texts(data))
        elif data.strip().startswith('"') and data.strip().endswith('"'):  # a JSON string
            self.texts.append(json.loads(data.strip()))
        else:
            self.texts.append(" ".join(data.split()))


def _filter_words(groups: dict) -> list[str]:
    words = list(groups)
    for filters in groups.values():
        for flt in filters:
            words.append(flt["operation"])
            words.extend(label for _, label in flt.get("options") or ())
    return words


def texts(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    return reader.texts


def without_names(text: str, data: list[str], cache: dict) -> str:
    """_without_names, remembered per text (pages repeat the same words)."""
    if text not in cache:
        cache[text] = _without_names(text, data)
    return cache[text]


def _without_names(text: str, data: list[str]) -> str:
    """The text less the data it shows (names, codes, notes typed by people), numbers,
    e-mail addresses and the names that are the same in every language."""
    for cut in re.findall(r"([^()…]{6,})…", text):  # data cut short to fit its column
        if any(cut.strip() in value for value in data):
            text = text.replace(cut + "…", " ")
    for value in data:
        if value in text:
            text = text.replace(value, " ")
    for name in sorted(NAMES, key=len, reverse=True):
        text = text.replace(name, " ")
    return re.sub(r"\S+@\S+|\d+|\{\w+\}", " ", text)  # {name}: what the app fills in


PARTS = re.compile(r" · |, |: | \(|\)|…")


def english_left(page: list[str], english: set[str], data: list[str], latin: bool,
                 same: frozenset, cache: dict) -> list[str]:
    """Words of `page` still in English: for a language in Latin letters, text the
    English page has word for word, unless its translators wrote each part the same
    (`same`: "Status", "Total", "Manual" in Malay and Indonesian); for the others, any
    English word at all."""
    left = []
    for text in page:
        rest = without_names(text, data, cache)
        if not WORD.search(rest):
            continue
        if latin and (text not in english or all(
                part.strip() in same or not WORD.search(part)
                for part in PARTS.split(rest))):
            continue
        left.append(text)
    return left
