"""Handwritten stories of ``marsad`` that carry an article's anatomy: embedded posts and players, a photo
gallery with captions and credits, a live blog and an opinion column.

Each story is a sequence of parts in page order: ``("p", text)`` and ``("h", text)`` are the story text (what
``text`` must hold), ``("embed", Embed)`` a third-party post or player as its provider's embed code prints it,
``("figure", Picture)`` a picture with its caption and credit, ``("entry", LiveEntry)`` a live-blog update.
The ``expected`` values are what a correct extraction gives for each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .model import Block


@dataclass(frozen=True)
class Embed:
    html: str  # the embed code as the provider hands it out
    type: str
    url: str
    text: str | None = None
    author: str | None = None

    @property
    def expected(self) -> dict[str, Any]:
        return {"type": self.type, "url": self.url, "text": self.text, "author": self.author}


@dataclass(frozen=True)
class Picture:
    path: str  # image path on the outlet
    caption: str | None
    credit: str | None
    credit_shown: str = ""  # how the credit is printed ("تصوير: …", "(رويترز)", "© وام")
    credit_class: bool = True  # the credit sits in its own element with a credit class


@dataclass(frozen=True)
class LiveEntry:
    when: datetime
    shown: str  # the time as the page prints it
    paragraphs: tuple[str, ...]


Part = tuple[str, Any]

TWEET = Embed(
    '<blockquote class="twitter-tweet" data-lang="ar"><p lang="ar" dir="rtl">فيديو | فرق الدفاع المدني تواصل إجلاء'
    ' السكان من الأحياء المنخفضة في الفجيرة <a href="https://t.co/AbC123xyz">pic.twitter.com/AbC123xyz</a></p>'
    '&mdash; الدفاع المدني (@CivilDefenceUAE) <a href="https://twitter.com/CivilDefenceUAE/status/1861234567890123456'
    '?ref_src=twsrc%5Etfw">November 26, 2026</a></blockquote>\n'
    '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>',
    "x", "https://twitter.com/CivilDefenceUAE/status/1861234567890123456",
    "فيديو | فرق الدفاع المدني تواصل إجلاء السكان من الأحياء المنخفضة في الفجيرة pic.twitter.com/AbC123xyz",
    "الدفاع المدني (@CivilDefenceUAE)")
INSTAGRAM = Embed(
    '<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-permalink="https://www.instagram.com/p/'
    'C0aBcDeFgHi/?utm_source=ig_embed&amp;utm_campaign=loading" data-instgrm-version="14"><div><a href="https://'
    'www.instagram.com/p/C0aBcDeFgHi/?utm_source=ig_embed" target="_blank">عرض هذا المنشور على Instagram</a>'
    '<p><a href="https://www.instagram.com/p/C0aBcDeFgHi/?utm_source=ig_embed" target="_blank">آليات البلدية تفتح'
    ' الطرق الداخلية بعد انحسار المياه</a></p><p>منشور مشترك بواسطة <a href="https://www.instagram.com/fujairahmun/'
    '" target="_blank">بلدية الفجيرة</a> (@fujairahmun)</p></div></blockquote>\n'
    '<script async src="//www.instagram.com/embed.js"></script>',
    "instagram", "https://www.instagram.com/p/C0aBcDeFgHi/", "آليات البلدية تفتح الطرق الداخلية بعد انحسار المياه",
    "بلدية الفجيرة (@fujairahmun)")
FACEBOOK = Embed(
    '<div class="fb-post" data-href="https://www.facebook.com/FujairahPolice/posts/pfbid0aBc123" data-width="500"'
    ' data-show-text="true"><blockquote cite="https://www.facebook.com/FujairahPolice/posts/pfbid0aBc123"'
    ' class="fb-xfbml-parse-ignore"><p>تنبيه: يرجى الابتعاد عن مجاري الأودية وعدم المجازفة بعبورها حفاظا على'
    ' سلامتكم</p>تم النشر بواسطة <a href="https://www.facebook.com/FujairahPolice">شرطة الفجيرة</a> في&nbsp;'
    '<a href="https://www.facebook.com/FujairahPolice/posts/pfbid0aBc123">الخميس، 26 نوفمبر 2026</a></blockquote>'
    '</div>',
    "facebook", "https://www.facebook.com/FujairahPolice/posts/pfbid0aBc123",
    "تنبيه: يرجى الابتعاد عن مجاري الأودية وعدم المجازفة بعبورها حفاظا على سلامتكم", "شرطة الفجيرة")
YOUTUBE = Embed(
    '<iframe width="560" height="315" src="https://www.youtube.com/embed/Xy7_ab-CD12?si=Qw3rTy" title="مشاهد جوية'
    ' للسيول في وادي حام" frameborder="0" allow="accelerometer; autoplay; encrypted-media" allowfullscreen></iframe>',
    "youtube", "https://www.youtube.com/watch?v=Xy7_ab-CD12", "مشاهد جوية للسيول في وادي حام")
VIMEO = Embed(
    '<iframe src="https://player.vimeo.com/video/912345678?h=4e5f6a7b8c" width="640" height="360" frameborder="0"'
    ' allow="autoplay; fullscreen" title="شهادات من سكان دبا الفجيرة"></iframe>',
    "vimeo", "https://vimeo.com/912345678", "شهادات من سكان دبا الفجيرة")
TIKTOK = Embed(
    '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@fujairah.weather/video/7301234567890123456"'
    ' data-video-id="7301234567890123456" style="max-width: 605px;min-width: 325px;"><section><a target="_blank"'
    ' title="@fujairah.weather" href="https://www.tiktok.com/@fujairah.weather?refer=embed">@fujairah.weather</a>'
    ' لحظة وصول السيول إلى وادي حام <a title="الفجيرة" target="_blank" href="https://www.tiktok.com/tag/'
    '%D8%A7%D9%84%D9%81%D8%AC%D9%8A%D8%B1%D8%A9?refer=embed">#الفجيرة</a> <a target="_blank" title="♬ الصوت الأصلي"'
    ' href="https://www.tiktok.com/music/original-7301234567890123457?refer=embed">♬ الصوت الأصلي - طقس الفجيرة</a>'
    '</section></blockquote>\n<script async src="https://www.tiktok.com/embed.js"></script>',
    "tiktok", "https://www.tiktok.com/@fujairah.weather/video/7301234567890123456",
    "لحظة وصول السيول إلى وادي حام #الفجيرة", "@fujairah.weather")
TELEGRAM = Embed(
    '<script async src="https://telegram.org/js/telegram-widget.js?22" data-telegram-post="ncema_uae/4521"'
    ' data-width="100%"></script>',
    "telegram", "https://t.me/ncema_uae/4521")
CHART = Embed(
    '<iframe title="كميات الأمطار المسجلة خلال 24 ساعة" aria-label="Bar Chart" id="datawrapper-chart-AbCdE"'
    ' src="https://datawrapper.dwcdn.net/AbCdE/1/" scrolling="no" frameborder="0" style="width: 0; min-width: 100%'
    ' !important; border: none;" height="420" data-external="1"></iframe>',
    "iframe", "https://datawrapper.dwcdn.net/AbCdE/1/", "كميات الأمطار المسجلة خلال 24 ساعة")
EMBEDS = (TWEET, INSTAGRAM, FACEBOOK, YOUTUBE, VIMEO, TIKTOK, TELEGRAM, CHART)

EMBEDS_TITLE = "سيول الفجيرة: إجلاء مئات السكان وإغلاق طرق رئيسية بعد أمطار غير مسبوقة"
EMBEDS_PARTS: list[Part] = [
    ("p", "أجلت فرق الدفاع المدني في إمارة الفجيرة صباح اليوم الخميس مئات السكان من الأحياء المنخفضة، بعد أمطار"
          " غزيرة تواصلت طوال الليل وتسببت في جريان الأودية وإغلاق عدد من الطرق الرئيسية."),
    ("embed", TWEET),
    ("p", "وقالت بلدية الفجيرة إن آلياتها بدأت فتح الطرق الداخلية فور انحسار المياه عن بعض الأحياء، فيما تواصل"
          " فرق أخرى شفط المياه المتجمعة أمام المدارس والمراكز الصحية."),
    ("embed", INSTAGRAM),
    ("p", "ودعت الشرطة السكان إلى الابتعاد عن مجاري الأودية وعدم المجازفة بعبورها بالمركبات، مؤكدة أن دورياتها"
          " تنتشر عند التقاطعات المغلقة لتوجيه السائقين إلى طرق بديلة."),
    ("embed", FACEBOOK),
    ("h", "مشاهد من وادي حام"),
    ("p", "وأظهرت مقاطع مصورة تدفق السيول في وادي حام بقوة لم يشهدها السكان منذ سنوات، وقال مزارعون إن المياه"
          " جرفت أجزاء من أسوار مزارعهم وأتلفت محاصيل الخضراوات."),
    ("embed", YOUTUBE),
    ("embed", VIMEO),
    ("p", "وتداول مستخدمو منصات التواصل صورا ومقاطع قصيرة للحظة وصول المياه إلى القرى الواقعة على أطراف الوادي،"
          " بينما نشرت الجهات الرسمية تحديثات متتالية عن حالة الطرق."),
    ("embed", TIKTOK),
    ("embed", TELEGRAM),
    ("p", "وسجلت محطات الرصد الجوي كميات أمطار تجاوزت المعدل السنوي في بعض المناطق خلال أربع وعشرين ساعة فقط، وفق"
          " بيانات المركز الوطني للأرصاد."),
    ("embed", CHART),
    ("p", "ويتوقع خبراء الطقس أن تنحسر السحب الممطرة تدريجيا مساء الجمعة، مع بقاء احتمال تشكل سحب ركامية على"
          " المناطق الجبلية حتى مطلع الأسبوع المقبل."),
]

GALLERY_TITLE = "بالصور: دبي تستقبل موسم الشتاء بمهرجان الأضواء على الواجهة البحرية"
LEAD_PICTURE = Picture("/media/gallery/lead.jpg", "ألعاب نارية فوق الواجهة البحرية في افتتاح المهرجان",
                       "خالد المهيري", "تصوير: خالد المهيري")
GALLERY = (
    Picture("/media/gallery/1.jpg", "زوار يلتقطون الصور أمام مجسم ضوئي على شكل قارب شراعي", "رويترز", "(رويترز)"),
    Picture("/media/gallery/2.jpg", "عروض ضوئية على واجهات الأبراج المطلة على الخور", "وام", "© وام"),
    Picture("/media/gallery/3.jpg", "أطفال يشاركون في ورشة لصناعة الفوانيس الورقية", None),
    Picture("/media/gallery/4.jpg", "فرقة موسيقية تقدم عرضا شعبيا في ساحة المهرجان", "سارة الحمادي",
            "تصوير: سارة الحمادي", credit_class=False),
)
GALLERY_PARTS: list[Part] = [
    ("figure", LEAD_PICTURE),
    ("p", "انطلق مساء الأربعاء مهرجان الأضواء الشتوي على الواجهة البحرية في دبي، بمشاركة فنانين من أكثر من عشرين"
          " دولة يقدمون أعمالا ضوئية تفاعلية تمتد على مسافة ثلاثة كيلومترات."),
    ("p", "ويضم المهرجان هذا العام أربعين عملا فنيا، بينها مجسمات ضخمة مستوحاة من التراث البحري للإمارة، وعروضا"
          " تُسقط على واجهات الأبراج كل ساعة حتى منتصف الليل."),
    *(("figure", picture) for picture in GALLERY),
    ("p", "ويستمر المهرجان حتى منتصف يناير، مع برنامج يومي للعروض الموسيقية وورش للأطفال، والدخول مجاني لجميع"
          " الزوار."),
]

LIVE_TITLE = "مباشر | تطورات المنخفض الجوي في الإمارات لحظة بلحظة"


def live_parts(tz: Any) -> list[Part]:
    """The live blog, newest update first (as live pages show them)."""
    updates = [
        (11, 40, "أعلن المركز الوطني للأرصاد انتهاء التحذير البرتقالي في المناطق الشمالية، مع بقاء التحذير الأصفر"
                 " ساريا على المناطق الجبلية حتى المساء.", ""),
        (10, 5, "أعادت شرطة رأس الخيمة فتح طريق الشيخ محمد بن سالم أمام الحركة المرورية بعد انحسار المياه عن"
                "ه.", "وقالت إن فرق الصيانة ستواصل العمل على الطرق الفرعية خلال ساعات الظهيرة."),
        (8, 30, "قررت وزارة التربية والتعليم تحويل الدراسة في مدارس الفجيرة ورأس الخيمة إلى التعلم عن بعد ليوم"
                " الخميس.", ""),
        (7, 15, "سجلت محطة الرصد في مصفوت أعلى كمية أمطار خلال الليلة الماضية، وفق بيان للمركز الوطني للأرصاد.",
         ""),
    ]
    parts: list[Part] = [("p", "نتابع في هذه التغطية المباشرة تطورات المنخفض الجوي الذي يؤثر على الدولة منذ مساء"
                               " الأربعاء، وما تعلنه الجهات الرسمية من إجراءات.")]
    for hour, minute, first, second in updates:
        paragraphs = (first, second) if second else (first,)
        parts.append(("entry", LiveEntry(datetime(2026, 11, 26, hour, minute, tzinfo=tz), f"{hour:02d}:{minute:02d}",
                                         paragraphs)))
    return parts


OPINION_TITLE = "المدن الخليجية بعد العاصفة: البنية التحتية التي نحتاجها"
COLUMNIST = "د. سلمى الكعبي"
COLUMNIST_BIO = "كاتبة وأكاديمية إماراتية"
OPINION_PARTS: list[Part] = [
    ("p", "كشفت أمطار هذا الأسبوع ما كنا نعرفه منذ سنوات ونؤجل الحديث عنه: مدننا صممت لمناخ لم يعد قائما، وشبكات"
          " تصريف المياه فيها بنيت على افتراض أن الأمطار الغزيرة استثناء نادر."),
    ("p", "ليست المسألة في كمية الأمطار وحدها، بل في سرعة تحول الشوارع إلى مجار مائية، وفي الأحياء الجديدة التي"
          " شيدت في مسارات الأودية القديمة دون أن يسأل أحد إلى أين ستذهب المياه."),
    ("h", "ما الذي يمكن فعله؟"),
    ("p", "المطلوب أولا خريطة محدثة لمخاطر الفيضانات تلتزم بها جهات التخطيط، وثانيا استثمار طويل الأمد في أحواض"
          " التجميع والحدائق القادرة على امتصاص المياه، كما فعلت مدن آسيوية كثيرة."),
    ("p", "وأخيرا، نحتاج إلى أن نتعامل مع كل عاصفة بوصفها درسا لا حادثة عابرة، فالتكلفة التي ندفعها اليوم في"
          " الإصلاح أكبر بكثير من تكلفة الوقاية التي أجلناها."),
]


def story_blocks(parts: list[Part]) -> list[Block]:
    """The story text of a part sequence: paragraphs and subheadings, live entries' paragraphs in order."""
    blocks: list[Block] = []
    for kind, value in parts:
        if kind in ("p", "h"):
            blocks.append((kind, value))
        elif kind == "entry":
            blocks.extend(("p", text) for text in value.paragraphs)
    return blocks
