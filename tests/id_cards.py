"""Synthetic resident ID cards for the OCR tests and benchmarks/bench_ocr.py.

A card is drawn the way the real one is laid out (labels in pale blue on the left, values in
black beside them, the photo on the right, the number along the bottom), with a random
person whose ID number carries a correct check character computed here, independently of
app/domain/validators.py. Then, if asked, it is photographed badly: turned, blurred, laid on
a desk and saved as a low-quality JPEG.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

CARD = (856, 540)  # ID-1, 85.6 × 54 mm at 10 px/mm
LABEL = (48, 110, 170)
WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]

FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 1),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
]

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓"
            "曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志"
         "红玉兰文斌宇浩凯鹏飞鑫宁欣怡晨雪梅海波辉")
# (county code, its name in the address) — real codes, so no address-code warning arises.
COUNTIES = [
    ("110101", "北京市东城区"), ("110105", "北京市朝阳区"), ("310104", "上海市徐汇区"),
    ("320102", "江苏省南京市玄武区"), ("330106", "浙江省杭州市西湖区"),
    ("440305", "广东省深圳市南山区"), ("510107", "四川省成都市武侯区"),
    ("420106", "湖北省武汉市武昌区"), ("370202", "山东省青岛市市南区"),
]
STREETS = ["人民路", "解放路", "中山路", "建设路", "和平街", "新华路", "长江路", "文化路",
           "光明街", "幸福路"]
ETHNICITIES = ["汉", "汉", "汉", "汉", "回", "满", "壮", "苗", "蒙古"]


def check_character(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


@dataclass(frozen=True)
class Person:
    name: str
    sex: str
    ethnicity: str
    birth: date
    address_lines: tuple[str, ...]
    id_number: str
    authority: str
    valid_from: date
    valid_until: date

    @property
    def address(self) -> str:
        return "".join(self.address_lines)


def random_person(rng: random.Random) -> Person:
    code, place = rng.choice(COUNTIES)
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 55 * 365))
    sequence = rng.randrange(0, 1000)
    first17 = f"{code}{birth:%Y%m%d}{sequence:03d}"
    number = first17 + check_character(first17)
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    street = f"{place}{rng.choice(STREETS)}{rng.randrange(1, 400)}号"
    rest = (f"{rng.randrange(1, 30)}栋{rng.randrange(1, 6)}单元"
            f"{rng.randrange(1, 30)}0{rng.randrange(1, 5)}室")
    lines = (street, rest) if len(street) + len(rest) > 11 else (street + rest,)
    issued = date(2010, 1, 1) + timedelta(days=rng.randrange(0, 14 * 365))
    return Person(name, "男" if sequence % 2 else "女", rng.choice(ETHNICITIES), birth, lines,
                  number, f"{place[-3:]}公安局" if place.endswith("区") else f"{place}公安局",
                  issued, issued.replace(year=issued.year + 20))


def fonts() -> list[tuple[str, int]]:
    """The CJK faces on this machine (at least one is needed)."""
    found = [(path, index) for path, index in FONT_CANDIDATES if Path(path).exists()]
    if not found:
        raise FileNotFoundError("no CJK font found for the synthetic ID cards")
    return found


def _font(face: tuple[str, int], size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(face[0], size, index=face[1])


def _blank(rng: random.Random) -> Image.Image:
    card = Image.new("RGB", CARD, (236, 238, 232))
    draw = ImageDraw.Draw(card)
    for k in range(0, CARD[0] + CARD[1], 14):  # the card's fine guilloche, faintly
        tint = 226 + rng.randrange(-4, 4)
        draw.line((k, 0, k - CARD[1], CARD[1]), fill=(tint, tint + 4, tint + 8), width=1)
    return card


def render_front(person: Person, face: tuple[str, int], rng: random.Random) -> Image.Image:
    card = _blank(rng)
    draw = ImageDraw.Draw(card)
    label, value = _font(face, 24), _font(face, 30)
    x0, xv = 50, 140
    draw.text((x0, 50), "姓  名", font=label, fill=LABEL)
    draw.text((xv, 46), person.name, font=value, fill="black")
    draw.text((x0, 110), "性  别", font=label, fill=LABEL)
    draw.text((xv, 106), person.sex, font=value, fill="black")
    draw.text((250, 110), "民  族", font=label, fill=LABEL)
    draw.text((340, 106), person.ethnicity, font=value, fill="black")
    draw.text((x0, 170), "出  生", font=label, fill=LABEL)
    b = person.birth
    draw.text((xv, 166), f"{b.year}  年  {b.month}  月  {b.day}  日", font=value, fill="black")
    draw.text((x0, 230), "住  址", font=label, fill=LABEL)
    for i, line in enumerate(person.address_lines):
        draw.text((xv, 226 + 44 * i), line, font=value, fill="black")
    draw.text((x0, 440), "公民身份号码", font=label, fill=LABEL)
    draw.text((260, 434), person.id_number, font=_font(face, 36), fill="black")
    draw.rectangle((600, 60, 800, 320), fill=(200, 205, 210))  # the photo
    draw.ellipse((650, 100, 750, 210), fill=(150, 150, 155))
    draw.ellipse((615, 200, 785, 360), fill=(150, 150, 155))
    draw.rectangle((600, 320, 800, 370), fill=(236, 238, 232))
    return card


def render_back(person: Person, face: tuple[str, int], rng: random.Random) -> Image.Image:
    card = _blank(rng)
    draw = ImageDraw.Draw(card)
    draw.ellipse((60, 40, 180, 160), outline=(200, 40, 40), width=6)  # the emblem
    draw.text((260, 70), "中华人民共和国", font=_font(face, 44), fill="black")
    draw.text((280, 150), "居民身份证", font=_font(face, 60), fill="black")
    label, value = _font(face, 24), _font(face, 28)
    draw.text((150, 390), "签发机关", font=label, fill="black")
    draw.text((270, 386), person.authority, font=value, fill="black")
    draw.text((150, 450), "有效期限", font=label, fill="black")
    draw.text((270, 446), f"{person.valid_from:%Y.%m.%d}-{person.valid_until:%Y.%m.%d}",
              font=value, fill="black")
    return card


def photograph(card: Image.Image, rng: random.Random, *, max_angle: float = 5.0,
               blur: float = 1.0, quality: int = 60) -> Image.Image:
    """The card as a phone sees it: turned up to `max_angle`°, on a darker desk, blurred,
    JPEG-compressed."""
    angle = rng.uniform(-max_angle, max_angle)
    desk = Image.new("RGB", (CARD[0] + 160, CARD[1] + 160), (90 + rng.randrange(40),) * 3)
    mask = Image.new("L", CARD, 255)
    turned = card.rotate(angle, Image.Resampling.BICUBIC, expand=True)
    mask = mask.rotate(angle, Image.Resampling.BICUBIC, expand=True)
    desk.paste(turned, ((desk.width - turned.width) // 2, (desk.height - turned.height) // 2),
               mask)
    shot = desk.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, blur)))
    out = io.BytesIO()
    shot.save(out, "JPEG", quality=quality)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")
