"""Site-independent Arabic (and common English) phrases that mark prompts, teasers and page chrome.

Matching happens on a folded form (hamza forms, alef maksura and ta marbuta unified, diacritics and
tatweel dropped) so "اقرأ أيضاً", "إقرأ ايضا" and "اقرا ايضا" are one phrase.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FOLD_PAIRS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ؤ", "و"), ("ئ", "ي"))
_FOLD = str.maketrans(dict(_FOLD_PAIRS))
_STRIP_RE = re.compile("[\u064b-\u0652\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def fold(text: str) -> str:
    """Matching form: hamza/alef/yeh/ta-marbuta variants unified, diacritics out, lower case."""
    text = _STRIP_RE.sub("", text)
    # a few str.replace calls are several times faster than str.translate with a dict on long paragraphs
    for variant, base in _FOLD_PAIRS:
        if variant in text:
            text = text.replace(variant, base)
    return " ".join(text.split()).lower()


def _fold_pattern(pattern: str) -> str:
    # patterns are written lower-case already; lower() would turn the \S class into \s
    return _STRIP_RE.sub("", pattern).translate(_FOLD)


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{_fold_pattern(a)})" for a in alternatives))


# A block that STARTS with one of these is a teaser heading or a link-list label; the short lines right
# after it (linked headlines) go with it.
TEASER_HEADINGS = _rx(
    r"^(?:و\s*)?(?:اقرا|إقرا|طالع|شاهد|تابع|اقرئي|اقراي|انظر|راجع|يمكنك قراءه)\s*(?:ايضا|ايضاً|كذلك|المزيد)\b",
    r"^(?:اقرا|إقرا)\s*(?:ايضا|المزيد)?\s*[:：]",
    r"^(?:موضوعات|مواضيع|اخبار|مقالات|قصص|تقارير)\s+(?:ذات صله|متعلقه|مشابهه|مقترحه|اخري|مرتبطه)",
    r"^(?:الموضوعات|المواضيع|الاخبار|المقالات|القصص)\s+(?:ذات الصله|المتعلقه|المشابهه|المقترحه|المرتبطه)",
    r"^(?:الاكثر|الأكثر)\s+(?:قراءه|مشاهده|تداولا|تصفحا|شعبيه)",
    r"^(?:اخترنا لكم|ترشيحاتنا|قد يهمك|قد يعجبك|ننصحك بقراءه|المزيد حول هذه القصه|الاخبار الرئيسيه|"
    r"يستحق الانتباه|اخر الاخبار|اهم الاخبار|عاجل|روابط ذات صله|مواد ذات صله|المزيد من الاخبار|للمزيد)\b",
    r"^(?:read (?:also|more)|see also|related(?: articles| stories| news)?|more from|you may also like)\b",
)
# Bare labels of teaser boxes, recognised only as a whole short block ("ذات صلة", "ربما يهمك", "المزيد من
# الأخبار"): at the start of a longer line these words can open a sentence of the story.
TEASER_LABELS = _rx(
    r"^(?:\S+\s+)?ذات صله\s*[:：]?$",
    r"^(?:ربما|قد)\s+(?:يهمك|يعجبك|تهمك|يهمكم|يعجبكم)(?:\s+(?:ايضا|كذلك))?\s*[:：]?$",
    r"^(?:يهمك|يعجبك)\s+(?:ايضا|كذلك)\s*[:：]?$",
    r"^(?:مواضيع|موضوعات|اخبار|مقالات)\s+قد\s+(?:تهمك|تعجبك|يهمك)\s*[:：]?$",
    r"^اخترنا\s+(?:لك|لكم)\s*[:：]?$",
    r"^(?:مقترحات|مقترح لك|عناوين اخري|اخبار اخري|المزيد)\s*[:：]?$",
    r"^المزيد\s+(?:من|في|فى)(?:\s+\S+){0,2}\s*[:：]?$",
    r"^يمكنك\s+ايضا\s+(?:قراءه|مشاهده)\s*[:：]?$",
)
# messaging and social platforms in their usual Arabic spellings (ج/غ, with or without ي, split or joined)
_PLATFORMS = (r"(?:تيليجرام|تليجرام|تلجرام|تيليغرام|تليغرام|تلغرام|تيلغرام|telegram|واتساب|واتس اب|وتساب|"
              r"واتسآب|whatsapp|يوتيوب|youtube|انستغرام|انستجرام|انستقرام|instagram|فيسبوك|فيس بوك|facebook|تويتر|"
              r"twitter|تيك توك|tiktok)")
# A short block CONTAINING one of these is a prompt (newsletter, follow us, app, channels, share, comments).
PROMPTS = _rx(
    "النشره البريديه", "القائمه البريديه", r"(?<!\w)اشترك\s+(?:في|فى|الان|معنا|ب|ل)", "للاشتراك في",
    r"(?<!\w)تابع(?:نا|ونا|وا)\s+(?:على|علي|عبر|في|فى)",
    r"(?<!\w)لمتابعه\s+(?:اخبار|اخر|اهم|احدث)\S*\s+(?:\S+\s+){0,3}(?:على|علي|عبر)\s",
    r"^تابع(?:وا)?\s+(?:\S+\s+){0,4}(?:على|علي|عبر)\s+(?:تطبيق|قناه|صفح|حساب|موقع|منص|تويتر|فيسبوك|فيس بوك|"
    r"انستغرام|انستجرام|يوتيوب|تليجرام|تلغرام|واتساب|اكس|x)|" + _PLATFORMS,
    r"(?:قناه|قناتنا|مجموعتنا)\s+(?:\S+\s+)?(?:على|علي|في|فى|عبر)?\s*" + _PLATFORMS,
    r"(?<!\w)(?:انضم|انضموا|انضمي|اشترك|اشتركوا)\s+(?:\S+\s+){0,3}(?:قناه|قناتنا|مجموعه|مجموعتنا)",
    # news-app prompts: Google News in its Arabic spellings, and the Arabic aggregator app (Nabd)
    "google news", "جوجل نيوز", "غوغل نيوز", "جوجل الاخبار", "اخبار جوجل", "تطبيق نبض",
    r"(?<!\w)(?:حمل|حمّل|نزل|نزّل)\s+(?:تطبيق|التطبيق)",
    # share bars: "شارك على/عبر", "مشاركة الخبر/عبر"
    r"شارك(?:ها|ه)?\s+(?:على|علي|عبر)\s", r"(?:مشاركه|شارك)\s+(?:الخبر|المقال|عبر)", "share this", "follow us",
    # WordPress's own comment-form text, printed under every WordPress article in Arabic
    "لن يتم نشر عنوان بريدك", "الحقول الالزاميه",
    # accessibility landmarks around carousels, videos and ads: "تخطى القصص / نهاية القصص", "تخطي الإعلان"
    r"^(?:تخطى|تخطي|نهايه)\s+(?:ال)?(?:قصص|فيديو|اعلان|محتوى)",
    # "continue reading" links under a teaser or a cut story
    r"^(?:واصل|اكمل|تابع|متابعه)\s+القراءه",
    # aggregators pointing at the source: "الخبر وتفاصيله كاملة من المصدر", "التفاصيل كاملة من …"
    r"(?:الخبر\s+وتفاصيله(?:\s+كامل(?:ا|ه)?)?|(?:الخبر|التفاصيل|المقال)\s+(?:كامل(?:ا|ه)?|بالكامل))\s+(?:من|في|فى|على|علي|عبر)(?:\s|$)",
    # view counters: "عدد المشاهدات: 43", "1200 قراءة"
    r"عدد\s+(?:المشاهدات|القراءات|الزيارات|مرات المشاهده)", r"^\d+\s+(?:مشاهده|قراءه)\b",
)
# Weaker cues: a prompt only in a very short block ("اضغط هنا", "التعليقات").
SHORT_PROMPTS = _rx(
    r"^(?:اضف|اترك|اكتب)\s+تعليق", r"^(?:التعليقات|تعليقات)\s*(?:\(\d+\))?\s*[:：]?$", "سجل دخولك", "اضغط هنا",
    "انقر هنا", "click here", "subscribe", "sign up", "newsletter", "تفعيل الاشعارات",
    r"^(?:اقرا|تابع|واصل)\s+(?:المزيد|القصه|القراءه)", r"^(?:مشاركه|شارك|طباعه|ارسال لصديق|حفظ)\s*[:：]?$",
    # page tools and labels standing alone: share this, copy link, font size, listen, reading time, ad
    r"^(?:شارك|مشاركه)\s+(?:المقال|المقاله|الخبر|الموضوع|القصه)\s*[:：]?$", r"^نسخ\s+الرابط",
    r"^(?:حجم|تكبير|تصغير)\s+(?:الخط|النص)", r"^استمع(?:\s+(?:للمقال|للخبر|الي المقال|الي الخبر))?\s*$",
    r"^(?:وقت|مده)\s+القراءه", r"^\d*\s*(?:دقائق|دقيقه|دقيقتان)\s+(?:قراءه|للقراءه)\s*$",
    r"^(?:اعلان|اعلانات|مساحه اعلانيه|advertisement)\s*$",
)
# Statements about the outlet rather than the story: disclaimers, comment policies, copyright.
DISCLAIMERS = _rx(
    # aggregators and syndicated copies disowning what they republish ("العهدة على المصدر", "تم نقله بمحتواه …")
    r"لا (?:يعبر|تعبر)\s+(?:بالضروره\s+)?عن\s+(?:راي|وجهه نظر|سياسه)", "العهده على المصدر", "العهده علي المصدر",
    "غير مسؤولين عن", "غير مسئولين عن", r"تم\s+نقله\s+(?:بمحتواه|كما هو|حرفيا)",
    # copyright and reuse notices
    "جميع الحقوق محفوظه", "كل الحقوق محفوظه", "الحقوق محفوظه", "all rights reserved", "©", "يحظر نشر",
    "دون اذن مسبق",
    # comment policies above or below the readers' comments
    "الاراء الوارده", "ارشادات الاستخدام", r"(?:مراجعه|حذف)\s+(?:التعليقات|التعليق)\s+(?:قبل|التي)",
    "تعليقات القراء",
)
# Weaker: outlet chrome only in a very short block ("رئيس التحرير: …").
SHORT_DISCLAIMERS = _rx(
    "رئيس مجلس الاداره", "رئيس التحرير", "حقوق النشر", "copyright", "سياسه الخصوصيه", "شروط الاستخدام",
    "نقلا عن المصدر",
)
# Picture captions and credits.
CAPTIONS = _rx(
    r"^(?:صدر|مصدر|حقوق|تصوير|التعليق على|تعليق على|شرح)\s*الصوره", r"^الصوره\s*[:：,،]", r"^صوره\s*[:：]",
    r"^(?:photo|image|picture|credit)\s*[:：,]", r"^\(?(?:getty images|afp|reuters|epa|ap)\)?\s*$",
    r"^(?:شاهد|شاهدوا|شاهدي|تابع|تابعوا)\s+(?:ال)?(?:فيديو|بالفيديو|الصور|بالصور)(?:\s+\S+){0,2}\s*[:：]?$",
    r"^©", r"^(?:صور|فيديو|شاهد)\s*[:：]?\s*$",
    # the photographer's credit alone on a line: "تصوير: علي حسن", "عدسة - محمد"
    r"^(?:تصوير|عدسه|بعدسه)\s*[:：\-–—]\s*\S+(?:\s+\S+){0,4}$",
)
# Lines that are previous/next navigation: "السابق <headline>" / "التالى <headline>".
PREV_NEXT = _rx(r"^(?:الخبر|المقال|الموضوع)?\s*(?:السابق|التالي|التالى)\s*[:：]?(?:\s|$)",
               r"^(?:previous|next)\s*(?:article|post|story)?\s*[:：]")
# Tag lines: "الكلمات المفتاحية: …", "وسوم: …".
TAG_LINES = _rx(
    r"^(?:الكلمات|كلمات)\s+(?:المفتاحيه|الدلاليه|الداله|البحث|مفتاحيه)",
    r"^(?:الوسوم|وسوم|الاوسمه|اوسمه|تاغ|tags?|topics)\b", r"^(?:تاجز|تاغز|علامات)\s*[:：]",
    r"^(?:مواضيع|موضوعات)\s*[:：]", r"^الموضوع\s*[:：]", r"^(?:التصنيف|تصنيفات|القسم)\s*[:：]",
)
# Bylines at the head of a block: "كتب: …", "بقلم …", "Author, …"
BYLINE = _rx(r"^(?:كتب|كتبت|بقلم|اعداد|تقرير|حوار|ترجمه|تحرير|متابعه|author|role|by)\s*[:：,،]",
             r"^(?:كتب|كتبت|بقلم)\s+\S+(?:\s+\S+){0,3}$")


# Called on every short element text while pruning, about 400 times a page; the same labels and menu items
# come back on every page of a site, so remembering the answer saves folding and matching them again.
@lru_cache(maxsize=4096)
def is_teaser_heading(text: str) -> bool:
    folded = fold(text)
    return bool(TEASER_HEADINGS.search(folded) or (len(folded.split()) <= 4 and TEASER_LABELS.search(folded)))


def boilerplate_reason(text: str, max_words: int = 40) -> str | None:
    """Why a block is page chrome ('prompt', 'disclaimer', 'caption', 'prev-next', 'tags', 'teaser'), or None.

    Only short blocks are judged on a phrase they merely contain: a long paragraph of reporting may quote
    "تابعنا على" or mention a newsletter.
    """
    folded = fold(text)
    words = len(folded.split())
    if (TEASER_HEADINGS.search(folded) and words <= max_words) or (words <= 4 and TEASER_LABELS.search(folded)):
        return "teaser"
    if PREV_NEXT.search(folded) and words <= 30:
        return "prev-next"
    if TAG_LINES.search(folded) and words <= 60:
        return "tags"
    if CAPTIONS.search(folded) and words <= 40:
        return "caption"
    if (words <= 25 and PROMPTS.search(folded)) or (words <= 8 and SHORT_PROMPTS.search(folded)):
        return "prompt"
    if (words <= 80 and DISCLAIMERS.search(folded)) or (words <= 12 and SHORT_DISCLAIMERS.search(folded)):
        return "disclaimer"
    return None
