"""The site-independent boilerplate lexicon: prompts out, story sentences kept."""

import pytest

from newscrawl.extract.lexicon import boilerplate_reason, fold, is_teaser_heading

BOILERPLATE = [
    ("اشترك فى النشرة البريدية لتحصل على اهم الاخبار بمجرد نشرها", "prompt"),
    ("اشترك في النشرة البريدية", "prompt"),
    ("تابع أحدث الأخبار عبر تطبيق google news", "prompt"),
    ("تابعوا أخبار الإمارات من البيان عبر غوغل نيوز", "prompt"),
    ("تابعنا على مواقع التواصل الاجتماعى", "prompt"),
    ("تابعونا على قناتنا على تليجرام", "prompt"),
    ("انضم إلى قناتنا على واتساب", "prompt"),
    ("حمل تطبيق الموقع الآن", "prompt"),
    ("شارك على فيسبوك", "prompt"),
    ("مشاركة", "prompt"),
    ("لن يتم نشر عنوان بريدك الإلكتروني.", "prompt"),
    ("عدد المشاهدات : 43 مشاهده", "prompt"),
    ("الخبر وتفاصيله كاملة من المصدر", "prompt"),
    ("اقرأ أيضاً", "teaser"),
    ("اقرأ أيضا: ارتفاع أسعار الذهب اليوم", "teaser"),
    ("إقرأ ايضا", "teaser"),
    ("شاهد أيضا", "teaser"),
    ("طالع أيضا", "teaser"),
    ("للمزيد", "teaser"),
    ("موضوعات متعلقة", "teaser"),
    ("الموضوعات المتعلقة", "teaser"),
    ("مقالات ذات صلة", "teaser"),
    ("الأكثر قراءة", "teaser"),
    ("السابق بنك التعمير والإسكان يؤكد أهمية دور البنوك في تحقيق نمو اقتصادي مستدام", "prev-next"),
    ("التالى وزير الثقافة يلتقي وفد مهرجان بورسعيد السينمائي", "prev-next"),
    ("التالي", "prev-next"),
    ("الكلمات المفتاحية: العراق داعش", "tags"),
    ("الكلمات الدالة : النمر", "tags"),
    ("وسوم: اقتصاد، نفط", "tags"),
    ("صدر الصورة، EPA-EFE/REX/Shutterstock", "caption"),
    ("التعليق على الصورة، متظاهرة تحمل لافتة", "caption"),
    ("© REUTERS / SHOKRY HUSSIEN", "caption"),
    ("جميع الحقوق محفوظة © 2024", "disclaimer"),
    ("ملحوظة: مضمون هذا الخبر تم كتابته بواسطة المصدر ولا يعبر عن وجهة نظر الموقع", "disclaimer"),
    ("الآراء الواردة أدناه لا تعبر عن رأي الموقع، بل تعكس وجهات نظر أصحابها فقط.", "disclaimer"),
    ("رئيس التحرير: محمد أحمد", "disclaimer"),
    # bare teaser labels (whole short blocks only) and page tools, as sites in other countries word them
    ("ذات صلة", "teaser"),
    ("فيديو ذات صلة:", "teaser"),
    ("ربما يهمك", "teaser"),
    ("قد يعجبك أيضا", "teaser"),
    ("مواضيع قد تهمك", "teaser"),
    ("اخترنا لك", "teaser"),
    ("يمكنك أيضا قراءة", "teaser"),
    ("المزيد من المقالات", "teaser"),
    ("عناوين أخرى", "teaser"),
    ("شارك المقال", "prompt"),
    ("نسخ الرابط", "prompt"),
    ("حجم الخط", "prompt"),
    ("استمع للمقال", "prompt"),
    ("3 دقائق للقراءة", "prompt"),
    ("إعلان", "prompt"),
    ("لمتابعة أخبارنا على تليجرام", "prompt"),
    ("تاجز: يسرا كورونا", "tags"),
    ("علامات: اقتصاد", "tags"),
    # channel prompts in the other spellings of the platforms
    ("انضموا إلى قناتنا على تيليغرام لمتابعة آخر الأخبار", "prompt"),
    ("اضغط هنا للانضمام إلى قناة الموقع على واتساب", "prompt"),
    ("اشترك في قناتنا على يوتيوب", "prompt"),
    ("شاهد الفيديو", "caption"),
    ("شاهد بالصور", "caption"),
]

STORY = [
    "وقال الوزير إن الحكومة ستواصل العمل على تطوير شبكة الطرق في المحافظات.",
    "وتابع: جرى خلال هذا الاجتماع مراجعة الخطط المرسومة في انفتاح القطعات الأمنية.",
    "وانتشر الفيديو على مواقع التواصل الاجتماعي.",
    "وشارك في الاجتماع ممثلون عن الوزارات المعنية.",
    "أثار ظهور الرئيس بشعر وردي موجة واسعة من الجدل والسخرية على مواقع التواصل الاجتماعي، بعدما شبّه كثيرون لونه "
    "بحلوى القطن، وفق ما نقل موقع بريطاني.",
    "وكتب الرئيس على حسابه أن القرار نهائي.",
    "وأعلن رئيس التحرير السابق للصحيفة استقالته من منصبه بعد خلاف طويل مع مجلس الإدارة حول سياسة التحرير.",
    "مراجعة الخطط الأمنية",
    "تعطيل القدرات الإرهابية",
    "وقالت الوزارة إن التعليقات التي نشرت على الإنترنت مضللة ولا تستند إلى أي معلومات صحيحة.",
    # the same words opening a sentence of the story
    "المزيد من المواطنين توجهوا إلى مراكز الاقتراع صباح اليوم",
    "استمع الحضور إلى كلمة الرئيس في ختام المؤتمر",
    "إعلان نتائج الانتخابات غدا",
    "ذات صلة بالموضوع، قال الوزير إن الخطة جاهزة",
    "وأعلنت الوزارة إطلاق قناة رسمية لنشر الإحصاءات اليومية للمواطنين في المحافظات كافة.",
    "شاهد الفيديو الذي نشرته الوزارة والذي يظهر فيه الوزير وهو يتفقد المشروعات الجديدة في العاصمة",
]


@pytest.mark.parametrize(("text", "reason"), BOILERPLATE)
def test_boilerplate_recognised(text: str, reason: str) -> None:
    assert boilerplate_reason(text) == reason


@pytest.mark.parametrize("text", STORY)
def test_story_text_kept(text: str) -> None:
    assert boilerplate_reason(text) is None


def test_long_paragraph_is_not_judged_on_a_phrase() -> None:
    long = "تابعنا على " + " ".join(["كلمة"] * 60)
    assert boilerplate_reason(long) is None


def test_fold_unifies_spellings() -> None:
    assert fold("اقرأ أيضاً") == fold("إقرا ايضا")
    assert fold("التالى") == fold("التالي")
    assert is_teaser_heading("إقرأ أيضاً")


# Each general pattern of news-site chrome, in wordings besides the one a given site prints.
PATTERNS = {
    "accessibility landmark around a carousel or an ad": ["تخطى القصص وواصل القراءة", "نهاية القصص", "تخطي الإعلان"],
    "continue reading": ["واصل القراءة", "أكمل القراءة", "متابعة القراءة"],
    "aggregator pointing at the source": ["الخبر وتفاصيله كاملة من المصدر", "التفاصيل كاملة من موقع الوطن",
                                          "اقرأ الخبر كاملا من المصدر"],
    "view counter": ["عدد المشاهدات: 120", "عدد القراءات 5400", "عدد الزيارات : 77"],
    "share bar": ["مشاركة الخبر", "شارك المقال عبر", "مشاركة عبر"],
    "WordPress comment form": ["لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *"],
}
DISCLAIMER_PATTERNS = {
    "syndication disclaimer": ["تم نقله بمحتواه دون تدخل من الموقع", "هذا الخبر تم نقله كما هو من المصدر",
                               "العهدة على المصدر"],
    "comment policy": ["يتم مراجعة التعليقات قبل نشرها", "نحتفظ بحق حذف التعليقات التي تخالف شروط النشر"],
    "reuse notice": ["يحظر نشر أو توزيع المواد دون إذن مسبق"],
}


@pytest.mark.parametrize(("pattern", "text"), [(p, t) for p, texts in PATTERNS.items() for t in texts])
def test_prompt_pattern(pattern: str, text: str) -> None:
    assert boilerplate_reason(text) == "prompt", pattern


@pytest.mark.parametrize(("pattern", "text"), [(p, t) for p, texts in DISCLAIMER_PATTERNS.items() for t in texts])
def test_disclaimer_pattern(pattern: str, text: str) -> None:
    assert boilerplate_reason(text) == "disclaimer", pattern


@pytest.mark.parametrize("text", [
    "وواصل القراءة في الجلسة الثانية عدد من النواب الذين طالبوا بتعديل المادة",  # a sentence, not a link
    "وقال إن الخبر كامل التفاصيل سيعلن غدا في مؤتمر صحفي",
    "وارتفع عدد المشاهدين في الملعب إلى أربعين ألفا",
])
def test_pattern_words_inside_story_sentences_are_kept(text: str) -> None:
    assert boilerplate_reason(text) is None
