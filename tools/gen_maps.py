"""Generate src/acupress/data/maps.toml: outlines (control polygons) and point coordinates.

Coordinates are worked out here in viewBox units from a few anatomical landmarks, checked to lie
inside the outline with a margin, and written normalised to 0..1.
"""

from __future__ import annotations

import math
import sys

OUT = str(
    __import__("pathlib").Path(__file__).resolve().parent.parent / "src/acupress/data/maps.toml"
)
MARGIN = 4.0

Pt = tuple[float, float]


def mirror_half(half: list[Pt], width: float = 400) -> list[Pt]:
    """A symmetric polygon from its viewer's-left half, listed top-midline to bottom-midline."""
    right = [(width - x, y) for x, y in reversed(half)]
    # drop duplicate midline vertices
    if right and right[0] == half[-1]:
        right = right[1:]
    if right and right[-1] == half[0]:
        right = right[:-1]
    return half + right


def ellipse(cx: float, cy: float, rx: float, ry: float, t0: float, t1: float, n: int) -> list[Pt]:
    """Points on an ellipse; t in degrees, 0 = top, increasing counterclockwise on screen (left)."""
    out = []
    for i in range(n + 1):
        t = math.radians(t0 + (t1 - t0) * i / n)
        out.append((cx - rx * math.sin(t), cy - ry * math.cos(t)))
    return out


def lerp(a: Pt, b: Pt, t: float) -> Pt:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def closed(pts: list[Pt]) -> list[Pt]:
    return [*pts, pts[0]]


def circle(cx: float, cy: float, r: float, n: int = 8) -> list[Pt]:
    return closed(
        [
            (cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n))
            for i in range(n)
        ]
    )


# ----------------------------------------------------------------------------------------------
# Whole body, front and back (400 x 900). Person's right on the viewer's left (front) / right (back)
# ----------------------------------------------------------------------------------------------

HEAD = ellipse(200, 76, 43, 56, 0, 62, 4)  # top to above the ear
EAR = [(155.5, 64), (151, 70), (150.5, 82), (153.5, 94), (159, 100)]
JAW = ellipse(200, 76, 43, 56, 118, 150, 3)[1:]


def body_half(crotch_y: float) -> list[Pt]:
    inner_thigh = (
        [(193, 545), (197.5, 515), (200, crotch_y)]
        if crotch_y > 500
        else [(193, 540), (198, 500), (200, crotch_y)]
    )
    return [
        *HEAD,
        *EAR,
        *JAW,
        (180, 128),
        (179, 148),
        (175, 159),  # neck
        (160, 165),
        (140, 171),
        (124, 175),
        (112, 181),
        (104, 191),
        (100, 206),  # shoulder
        (98, 232),
        (92, 270),
        (84, 305),  # upper arm, outer
        (76, 342),
        (68, 390),
        (62, 436),  # forearm, outer (thumb side)
        (57, 448),
        (50, 463),
        (46, 478),
        (48, 487),
        (55, 486),
        (60, 476),  # thumb
        (61, 500),
        (62, 522),
        (66, 536),
        (73, 541),
        (80, 537),
        (85, 522),
        (88, 500),  # fingers
        (89, 470),
        (87, 442),  # palm, little-finger side
        (93, 400),
        (101, 360),
        (116, 313),  # forearm, inner
        (125, 272),
        (130, 242),
        (136, 228),  # upper arm, inner; armpit
        (139, 250),
        (143, 275),
        (147, 305),
        (151, 340),
        (151, 365),
        (146, 395),  # chest, waist
        (138, 425),
        (132, 455),  # hip
        (129, 490),
        (130, 540),
        (134, 600),
        (137, 645),
        (138, 668),  # thigh, outer; knee
        (135, 700),
        (134, 732),
        (137, 770),
        (141, 805),
        (143, 830),  # calf, outer; ankle
        (138, 845),
        (131, 862),
        (130, 876),
        (140, 884),
        (158, 886),
        (172, 882),  # foot
        (173, 862),
        (167, 845),
        (163, 830),  # ankle, inner
        (167, 808),
        (176, 770),
        (180, 732),
        (181, 700),
        (180, 668),  # calf, inner; knee
        (183, 640),
        (188, 590),
        *inner_thigh,
    ]


FRONT = mirror_half(body_half(482))
BACK = mirror_half(body_half(518))


def sym(lines: list[list[Pt]]) -> list[list[Pt]]:
    """Each line and its mirror image about x = 200."""
    out = []
    for line in lines:
        out.append(line)
        out.append([(400 - x, y) for x, y in line])
    return out


FRONT_LINES = [
    *sym(
        [
            [(194, 180), (175, 177), (150, 177), (124, 182)],  # collarbone
            [(140, 440), (165, 465), (188, 484)],  # groin crease
            [(150, 646), (158, 640), (166, 646)],  # kneecap, top
            [(150, 666), (158, 672), (166, 666)],  # kneecap, bottom
            [(181, 74), (186, 72), (191, 74)],  # eye
            [(103, 308), (111, 309)],  # elbow crease
            [(67, 440), (82, 442)],  # wrist crease
            [(142, 292), (170, 300), (194, 288)],  # lower edge of the ribs
        ]
    ),
    [(197, 92), (200, 96), (203, 92)],  # nose
    [(193, 110), (207, 110)],  # mouth
    circle(200, 385, 3),  # navel
    [(200, 180), (200, 290)],  # breastbone
]

BACK_LINES = [
    *sym(
        [
            [(236, 212), (258, 200), (282, 189)],  # spine of the shoulder blade
            [(234, 198), (236, 240), (242, 274), (251, 254), (259, 232)],  # shoulder blade
            [(202, 508), (222, 518), (248, 520), (266, 506)],  # buttock crease
            [(228, 668), (258, 668)],  # knee crease
            [(296, 316), (300, 320), (304, 316)],  # elbow tip
            [(178, 118), (188, 124), (199, 125)],  # nape hairline
        ]
    ),
    [(200, 168), (200, 440)],  # spine
    [(200, 440), (200, 505)],  # buttock cleft
]

# Levels (y) of the back, taken as the level of the lower edge of each spinous process.
V: dict[str, float] = {"C7": 175}
for i in range(1, 13):
    V[f"T{i}"] = 190 + 14.5 * (i - 1)
for i in range(1, 6):
    V[f"L{i}"] = 365 + 16 * (i - 1)
for i in range(1, 5):
    V[f"S{i}"] = 442 + 12 * (i - 1)

FRONT_POINTS: dict[str, Pt] = {}
BACK_POINTS: dict[str, Pt] = {}

# --- front: midline -----------------------------------------------------------------------
NAVEL = 385.0
XIPHOID = 290.0
PUBIS = 445.0
up_cun = (NAVEL - XIPHOID) / 8  # about 11.9
lo_cun = (PUBIS - NAVEL) / 5  # 12
for n, cun in {15: 7, 14: 6, 13: 5, 12: 4, 11: 3, 10: 2, 9: 1}.items():
    FRONT_POINTS[f"CV{n}"] = (200, NAVEL - cun * up_cun)
FRONT_POINTS["CV8"] = (200, NAVEL)
for n, cun in {7: 1, 6: 1.5, 5: 2, 4: 3, 3: 4, 2: 5}.items():
    FRONT_POINTS[f"CV{n}"] = (200, NAVEL + cun * lo_cun)
FRONT_POINTS["CV16"] = (200, XIPHOID)
ICS = {1: 201, 2: 222, 3: 242, 4: 260, 5: 277, 6: 293, 7: 308}  # rib spaces, y
FRONT_POINTS["CV17"] = (200, ICS[4])
FRONT_POINTS["CV18"] = (200, ICS[3])
FRONT_POINTS["CV19"] = (200, ICS[2])
FRONT_POINTS["CV20"] = (200, ICS[1])
FRONT_POINTS["CV21"] = (200, 189)
FRONT_POINTS["CV22"] = (200, 177)
FRONT_POINTS["CV23"] = (200, 141)

# --- front: trunk, person's right (viewer's left) -----------------------------------------------
cun_x = 12.0
FRONT_POINTS["KI27"] = (200 - 2 * cun_x, 190)
FRONT_POINTS["KI25"] = (200 - 2 * cun_x, ICS[2])
FRONT_POINTS["LU1"] = (200 - 6 * cun_x, 206)
FRONT_POINTS["LU2"] = (200 - 6 * cun_x, 192)
FRONT_POINTS["ST13"] = (152, 188)
FRONT_POINTS["LR14"] = (200 - 4 * cun_x, ICS[6])
FRONT_POINTS["GB24"] = (200 - 4 * cun_x, ICS[7])
FRONT_POINTS["ST21"] = (200 - 2 * cun_x, NAVEL - 4 * up_cun)
FRONT_POINTS["ST25"] = (200 - 2 * cun_x, NAVEL)
FRONT_POINTS["ST28"] = (200 - 2 * cun_x, NAVEL + 3 * lo_cun)
FRONT_POINTS["KI16"] = (200 - 0.5 * cun_x, NAVEL)
FRONT_POINTS["SP15"] = (200 - 4 * cun_x, NAVEL)
FRONT_POINTS["EX-CA1"] = (200 - 3 * cun_x, NAVEL + 4 * lo_cun)
FRONT_POINTS["GB21"] = (155, 176)
FRONT_POINTS["LI15"] = (111, 192)

# --- front: arm, palm forward (thumb side away from the body) ----------------------------------
ELBOW_F = (100.0, 309.0)
WRIST_F = (74.5, 440.0)
ax = (WRIST_F[0] - ELBOW_F[0], WRIST_F[1] - ELBOW_F[1])
alen = math.hypot(*ax)
fa_cun = alen / 12
axis = (ax[0] / alen, ax[1] / alen)
medial = (axis[1], -axis[0])  # toward the body (+x)
if medial[0] < 0:
    medial = (-medial[0], -medial[1])


def forearm_front(cun_above_wrist: float, across: float) -> Pt:
    """Palm side of the right forearm: cun above the wrist crease, units toward the body."""
    return (
        WRIST_F[0] - axis[0] * cun_above_wrist * fa_cun + medial[0] * across,
        WRIST_F[1] - axis[1] * cun_above_wrist * fa_cun + medial[1] * across,
    )


FRONT_POINTS["PC7"] = forearm_front(0, 0)
FRONT_POINTS["PC6"] = forearm_front(2, 0)
FRONT_POINTS["PC5"] = forearm_front(3, 0)
FRONT_POINTS["PC4"] = forearm_front(5, 0)
FRONT_POINTS["HT7"] = forearm_front(0, 7.5)
FRONT_POINTS["HT5"] = forearm_front(1, 7.5)
FRONT_POINTS["LU9"] = forearm_front(0, -7)
FRONT_POINTS["LU7"] = forearm_front(1.5, -8)
FRONT_POINTS["LU6"] = forearm_front(7, -6)
FRONT_POINTS["LU5"] = (95, 309)
FRONT_POINTS["PC3"] = (104, 310)
FRONT_POINTS["HT3"] = (111, 312)
FRONT_POINTS["LI11"] = (88, 307)
FRONT_POINTS["PC8"] = (72, 478)
FRONT_POINTS["LU10"] = (61, 458)

# --- front: leg -------------------------------------------------------------------------------
FRONT_POINTS["ST31"] = (146, 492)
FRONT_POINTS["ST32"] = (144, 578)
FRONT_POINTS["ST34"] = (147, 619)
FRONT_POINTS["SP10"] = (172, 620)
FRONT_POINTS["EX-LE2"] = (158, 638)
FRONT_POINTS["ST35"] = (150, 677)
FRONT_POINTS["EX-LE4"] = (167, 677)
FRONT_POINTS["SP9"] = (174, 690)
FRONT_POINTS["GB34"] = (142, 692)
leg_cun = (838 - 677) / 16
FRONT_POINTS["ST36"] = (150, 677 + 3 * leg_cun)
FRONT_POINTS["EX-LE7"] = (150, 677 + 5 * leg_cun)
FRONT_POINTS["ST37"] = (149, 677 + 6 * leg_cun)
FRONT_POINTS["ST38"] = (148, 677 + 8 * leg_cun)
FRONT_POINTS["ST40"] = (142, 677 + 8 * leg_cun)
FRONT_POINTS["ST39"] = (148, 677 + 9 * leg_cun)
FRONT_POINTS["SP6"] = (161, 828 - 3 * 10.2)
FRONT_POINTS["LR5"] = (163, 828 - 5 * 10.2)
FRONT_POINTS["ST41"] = (152, 838)
FRONT_POINTS["LR3"] = (161, 862)
FRONT_POINTS["ST44"] = (152, 874)

# --- back: midline ------------------------------------------------------------------------------
BACK_POINTS["GV20"] = (200, 30)
BACK_POINTS["GV19"] = (200, 45)
BACK_POINTS["GV18"] = (200, 69)
BACK_POINTS["GV17"] = (200, 93)
BACK_POINTS["GV16"] = (200, 108)
BACK_POINTS["GV15"] = (200, 121)
BACK_POINTS["GV14"] = (200, V["C7"])
for code, level in {
    "GV13": "T1",
    "GV12": "T3",
    "GV11": "T5",
    "GV10": "T6",
    "GV9": "T7",
    "GV8": "T9",
    "GV7": "T10",
    "GV6": "T11",
    "GV5": "L1",
    "GV4": "L2",
    "GV3": "L4",
    "EX-B5": "L3",
    "EX-B8": "L5",
}.items():
    BACK_POINTS[code] = (200, V[level])
BACK_POINTS["EX-B9"] = (200, 470)
BACK_POINTS["GV2"] = (200, 487)
BACK_POINTS["GV1"] = (200, 500)

# --- back: person's right (viewer's right) --------------------------------------------------------
BACK_POINTS["GB20"] = (222, 110)
BACK_POINTS["BL10"] = (213, 123)
BACK_POINTS["sleep:anmian"] = (233, 103)
BACK_POINTS["EX-B1"] = (206, V["C7"])
BACK_POINTS["GB21"] = (245, 176)
BACK_POINTS["TE15"] = (238, 192)
BACK_POINTS["SI12"] = (257, 193)
BACK_POINTS["SI11"] = (248, 233)
BACK_POINTS["SI10"] = (276, 204)
bl_inner = {
    11: "T1",
    12: "T2",
    13: "T3",
    14: "T4",
    15: "T5",
    16: "T6",
    17: "T7",
    18: "T9",
    19: "T10",
    20: "T11",
    21: "T12",
    22: "L1",
    23: "L2",
    24: "L3",
    25: "L4",
    26: "L5",
    27: "S1",
    28: "S2",
    29: "S3",
    30: "S4",
}
for n, level in bl_inner.items():
    BACK_POINTS[f"BL{n}"] = (218 if n < 27 else 217, V[level])
for n, (x, level) in {31: (211, "S1"), 32: (210, "S2"), 33: (208, "S3"), 34: (206, "S4")}.items():
    BACK_POINTS[f"BL{n}"] = (x, V[level])
BACK_POINTS["BL35"] = (206, 495)
bl_outer = {
    41: "T2",
    42: "T3",
    43: "T4",
    44: "T5",
    45: "T6",
    46: "T7",
    47: "T9",
    48: "T10",
    49: "T11",
    50: "T12",
    51: "L1",
    52: "L2",
    53: "S2",
    54: "S4",
}
for n, level in bl_outer.items():
    BACK_POINTS[f"BL{n}"] = (236, V[level])
BACK_POINTS["EX-B7"] = (242, V["L4"])
BACK_POINTS["GB30"] = (244, 475)
BACK_POINTS["BL36"] = (235, 521)
BACK_POINTS["BL37"] = (239, 585)
BACK_POINTS["BL38"] = (254, 656)
BACK_POINTS["BL39"] = (256, 668)
BACK_POINTS["BL40"] = (243, 668)
BACK_POINTS["KI10"] = (228, 668)
calf_cun = (830 - 668) / 16
BACK_POINTS["BL55"] = (244, 668 + 2 * calf_cun)
BACK_POINTS["BL56"] = (245, 668 + 5 * calf_cun)
BACK_POINTS["BL57"] = (246, 668 + 8 * calf_cun)
BACK_POINTS["BL58"] = (255, 830 - 7 * calf_cun)
# Back of the right arm (palm forward, so the back of the forearm and hand face the viewer).
BACK_POINTS["EX-UE1"] = (300, 317)
BACK_POINTS["LI11"] = (311, 306)
BACK_POINTS["LI10"] = (314, 328)
BACK_POINTS["TE10"] = (299, 304)
BACK_POINTS["TE5"] = (321, 417)
BACK_POINTS["TE6"] = (319, 405)
BACK_POINTS["LI4"] = (335, 470)
BACK_POINTS["TE3"] = (320, 494)

# ----------------------------------------------------------------------------------------------
# Side: the person's right side, facing right (400 x 900)
# ----------------------------------------------------------------------------------------------

SIDE = [
    (200, 20),
    (222, 24),
    (238, 36),
    (247, 52),
    (250, 64),
    (248, 72),
    (256, 86),
    (262, 96),
    (254, 100),
    (251, 104),
    (254, 110),
    (251, 116),
    (250, 122),
    (247, 128),
    (238, 134),
    (226, 136),
    (222, 143),
    (222, 160),
    (226, 172),
    (236, 188),
    (246, 215),
    (250, 245),
    (247, 275),
    (241, 300),
    (240, 330),
    (244, 360),
    (246, 385),
    (244, 410),
    (238, 440),
    (232, 468),
    (236, 500),
    (238, 540),
    (234, 590),
    (228, 640),
    (228, 660),
    (222, 680),
    (221, 700),
    (218, 760),
    (214, 810),
    (212, 834),
    (226, 848),
    (248, 860),
    (272, 870),
    (284, 876),
    (284, 883),
    (240, 885),
    (190, 885),
    (180, 882),
    (176, 868),
    (180, 850),
    (185, 830),
    (186, 800),
    (182, 760),
    (176, 730),
    (176, 700),
    (182, 672),
    (180, 650),
    (174, 600),
    (168, 545),
    (162, 515),
    (152, 490),
    (148, 460),
    (152, 430),
    (162, 400),
    (164, 370),
    (160, 330),
    (156, 290),
    (154, 250),
    (156, 215),
    (162, 190),
    (172, 168),
    (178, 150),
    (176, 132),
    (170, 122),
    (158, 108),
    (150, 88),
    (150, 66),
    (158, 44),
    (176, 28),
]
SIDE_ARM = [
    (196, 176),
    (207, 177),
    (214, 190),
    (215, 250),
    (212, 300),
    (209, 313),
    (214, 360),
    (218, 410),
    (218, 440),
    (224, 452),
    (226, 466),
    (222, 478),
    (220, 482),
    (221, 510),
    (218, 538),
    (210, 545),
    (204, 532),
    (202, 480),
    (198, 442),
    (194, 390),
    (188, 340),
    (182, 312),
    (180, 260),
    (180, 215),
    (186, 188),
]
SIDE_EAR = [
    (197, 66),
    (189, 63),
    (183, 69),
    (181, 81),
    (184, 95),
    (190, 104),
    (196, 102),
    (199, 91),
    (200, 77),
]
SIDE_LINES = [
    [(232, 76), (238, 74), (243, 76)],  # eye
    [(228, 66), (236, 63), (245, 65)],  # eyebrow
    [(243, 118), (250, 117)],  # mouth
    [(222, 122), (208, 122), (202, 112)],  # jaw
    [(190, 72), (186, 80), (188, 92), (192, 96)],  # inner rim of the ear
    [(240, 50), (226, 44), (214, 52), (212, 70), (206, 74)],  # hairline at the temple
    [(224, 660), (222, 650), (226, 640)],  # kneecap
    [(198, 842), (202, 838), (206, 842)],  # outer ankle bone
    [(182, 312), (191, 310), (199, 312)],  # elbow
]
SIDE_POINTS: dict[str, Pt] = {
    "GV20": (199, 30),
    "GV14": (178, 173),
    "GB20": (166, 111),
    "sleep:anmian": (174, 104),
    "TE17": (182, 106),
    "TE21": (205, 75),
    "SI19": (205, 84),
    "GB2": (205, 93),
    "ST7": (215, 94),
    "ST6": (216, 113),
    "EX-HN5": (227, 70),
    "GB5": (217, 52),
    "GB8": (190, 47),
    "GB21": (190, 176),
    "LI15": (206, 192),
    "TE14": (189, 193),
    "LI11": (203, 308),
    "LI10": (205, 330),
    "GB30": (177, 480),
    "GB31": (194, 553),
    "GB34": (203, 694),
    "ST36": (212, 708),
    "GB39": (201, 808),
}

# ----------------------------------------------------------------------------------------------
# Head: face from the front, with ears (400 x 400). Person's right on the viewer's left.
# ----------------------------------------------------------------------------------------------


def head_half() -> list[Pt]:
    pts = ellipse(200, 186, 114, 156, 0, 64, 8)  # top of the head to the top of the ear
    ear = [(80, 158), (70, 163), (65, 178), (66, 200), (70, 224), (77, 244), (85, 254), (91, 254)]
    cheek = [(96, 270), (105, 290), (119, 308), (136, 322)]
    neck = [(142, 338), (141, 366), (140, 390), (142, 397), (170, 398), (200, 398)]
    return [*pts, *ear, *cheek, *neck]


HEAD_OUT = mirror_half(head_half())
HEAD_LINES = [
    *sym(
        [
            [(120, 148), (140, 140), (162, 140), (182, 148)],  # eyebrow
            [
                (130, 172),
                (143, 165),
                (162, 165),
                (178, 172),
                (162, 179),
                (143, 179),
                (130, 172),
            ],  # eye
            closed(
                [
                    (154 + 4.5 * math.cos(a / 4 * math.pi), 172 + 4.5 * math.sin(a / 4 * math.pi))
                    for a in range(8)
                ]
            ),
            [(77, 182), (73, 204), (78, 228), (84, 240)],  # ear rim
            [(186, 218), (180, 234), (184, 244), (192, 246)],  # side and wing of the nose
            [(174, 250), (168, 261)],  # nose-to-mouth fold
            [(98, 122), (110, 96), (136, 80), (168, 84), (200, 88)],  # hairline
            [(136, 322), (162, 337), (200, 342)],  # jaw and chin
        ]
    ),
    [(192, 246), (196, 249), (200, 250), (204, 249), (208, 246)],  # under the nose
    [(170, 272), (185, 267), (200, 269), (215, 267), (230, 272)],  # lips
    [(174, 273), (200, 282), (226, 273)],
]
HP: dict[str, Pt] = {
    "GV20": (200, 42),
    "GV21": (200, 54),
    "GV22": (200, 66),
    "GV23": (200, 77),
    "GV24": (200, 84),
    "EX-HN3": (200, 150),
    "GV25": (200, 234),
    "GV26": (200, 257),
    "GV27": (200, 267),
    "CV24": (200, 302),
    "CV23": (200, 365),
    "GB15": (155, 94),
    "ST8": (121, 99),
    "GB14": (155, 124),
    "EX-HN4": (154, 144),
    "BL2": (183, 150),
    "BL1": (182, 166),
    "TE23": (121, 146),
    "GB1": (118, 174),
    "EX-HN5": (102, 162),
    "GB5": (106, 127),
    "ST1": (154, 188),
    "EX-HN7": (136, 186),
    "ST2": (154, 203),
    "SI18": (128, 222),
    "EX-HN8": (185, 220),
    "LI20": (173, 240),
    "ST3": (154, 242),
    "LI19": (190, 258),
    "ST4": (158, 276),
    "ST6": (118, 290),
    "TE21": (93, 188),
    "SI19": (93, 200),
    "GB2": (93, 212),
    "EX-HN6": (73, 170),
}


def flip(pts: list[Pt], w: float = 400) -> list[Pt]:
    return [(w - x, y) for x, y in pts]


class Digit:
    """A finger or toe: a rounded bar from ``base`` (its knuckle) at ``angle`` degrees from up."""

    def __init__(self, base: Pt, angle: float, length: float, width: float, web: float) -> None:
        a = math.radians(angle)
        self.base, self.length, self.half, self.web = base, length, width / 2, web
        self.dir = (math.sin(a), -math.cos(a))
        self.left = (-math.cos(a), -math.sin(a))

    def at(self, s: float, across: float = 0.0) -> Pt:
        """``s`` along the digit from its knuckle, ``across`` toward its right (negative: left)."""
        return (
            self.base[0] + s * self.dir[0] - across * self.left[0],
            self.base[1] + s * self.dir[1] - across * self.left[1],
        )

    def outline(self, start: float | None = None, end: float | None = None) -> list[Pt]:
        """Up the left side, round the tip, down the right side."""
        s0 = self.web if start is None else start
        s1 = self.web if end is None else end
        top = self.length - self.half
        left = [self.at(s0 + (top - s0) * i / 2, -self.half) for i in range(3)]
        tip = []
        for i in range(1, 6):
            phi = math.pi * i / 6
            c = self.at(top)
            tip.append(
                (
                    c[0] + self.half * (math.cos(phi) * self.left[0] + math.sin(phi) * self.dir[0]),
                    c[1] + self.half * (math.cos(phi) * self.left[1] + math.sin(phi) * self.dir[1]),
                )
            )
        right = [self.at(top + (s1 - top) * i / 2, self.half) for i in range(3)]
        return left + tip + right


def web(a: Pt, b: Pt, depth: float) -> Pt:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + depth)


# ----------------------------------------------------------------------------------------------
# Right hand (400 x 400): fingers up. Back: thumb on the left. Palm: its mirror, thumb on the right
# ----------------------------------------------------------------------------------------------
THUMB = Digit((178, 292), -50, 150, 38, 70)
INDEX = Digit((168, 180), -6, 146, 32, 28)
MIDDLE = Digit((203, 176), -1, 152, 34, 30)
RING = Digit((237, 180), 5, 138, 31, 28)
LITTLE = Digit((268, 190), 13, 106, 27, 26)
FINGERS = [INDEX, MIDDLE, RING, LITTLE]


def hand_back() -> list[Pt]:
    pts: list[Pt] = [(160, 392), (162, 350), (165, 318)]
    pts += THUMB.outline(start=0)[1:]
    pts.append((143, 206))  # web between thumb and index
    for i, f in enumerate(FINGERS):
        part = f.outline(start=0 if i == 0 else None, end=26 if i == 3 else None)
        if i > 0:
            pts.append(web(FINGERS[i - 1].at(FINGERS[i - 1].web, FINGERS[i - 1].half), part[0], 6))
        pts += part
    pts += [(290, 200), (287, 240), (277, 272), (265, 300), (262, 340), (264, 392)]
    pts += [(244, 395), (212, 396), (180, 395)]
    return pts


HAND_BACK = hand_back()
HAND_BACK_LINES = [
    [(170, 303), (212, 306), (258, 302)],  # wrist crease
    *[[f.at(4, -9), f.at(0, 0), f.at(4, 9)] for f in FINGERS],  # knuckles
    *[
        [f.at(f.length - 32, -9), f.at(f.length - 36, 0), f.at(f.length - 32, 9)] for f in FINGERS
    ],  # nails
    [
        THUMB.at(THUMB.length - 30, -10),
        THUMB.at(THUMB.length - 34, 0),
        THUMB.at(THUMB.length - 30, 10),
    ],
    *[
        [f.at(f.length * 0.55, -8), f.at(f.length * 0.55 - 3, 0), f.at(f.length * 0.55, 8)]
        for f in FINGERS
    ],
]
HAND_BACK_POINTS: dict[str, Pt] = {
    "LI4": (160, 240),
    "LI3": (157, 197),
    "LI2": INDEX.at(36, -10),
    "LI1": INDEX.at(INDEX.length - 30, -9),
    "LI5": (178, 298),
    "EX-UE3": (198, 304),
    "TE4": (226, 304),
    "TE5": (214, 362),
    "SI6": (248, 334),
    "SI5": (256, 302),
    "SI4": (272, 268),
    "SI3": (281, 208),
    "SI2": LITTLE.at(34, 8),
    "SI1": LITTLE.at(LITTLE.length - 26, 7),
    "TE3": (254, 206),
    "TE2": (258, 174),
    "TE1": RING.at(RING.length - 30, 8),
    "EX-UE8": (186, 196),
    "EX-UE4": MIDDLE.at(MIDDLE.length * 0.55),
    "EX-UE5": THUMB.at(105),
    "EX-UE6": LITTLE.at(LITTLE.length * 0.55),
    "LU11": THUMB.at(THUMB.length - 24, -10),
}
HAND_PALM = flip(HAND_BACK)
HAND_PALM_LINES = [
    flip([(170, 303), (212, 306), (258, 302)]),  # wrist crease
    flip([(176, 288), (164, 262), (150, 236), (146, 214)]),  # thumb-ball crease
    flip([(146, 212), (180, 222), (222, 238), (244, 252)]),  # head line
    flip([(194, 200), (232, 204), (262, 210), (288, 206)]),  # heart line
    *[flip([f.at(f.length * 0.52, -11), f.at(f.length * 0.52, 11)]) for f in FINGERS],
    *[flip([f.at(f.length * 0.26, -11), f.at(f.length * 0.26, 11)]) for f in FINGERS],
    flip([THUMB.at(100, -12), THUMB.at(100, 12)]),
]
HAND_PALM_POINTS: dict[str, Pt] = {
    k: (400 - x, y)
    for k, (x, y) in {
        "PC7": (212, 305),
        "PC6": (212, 362),
        "HT7": (250, 303),
        "HT5": (250, 332),
        "LU9": (178, 300),
        "LU8": (178, 330),
        "LU7": (171, 350),
        "PC8": (188, 216),
        "HT8": (264, 214),
        "LU10": THUMB.at(32, -8),
        "PC9": MIDDLE.at(MIDDLE.length - 7),
    }.items()
}

# ----------------------------------------------------------------------------------------------
# Right foot (400 x 400). Top: toes up, big toe on the left. Sole: toes up, big toe on the right.
# Inner side: toes to the left, heel to the right. Outer side: toes to the right, heel to the left.
# ----------------------------------------------------------------------------------------------
BIG = Digit((138, 130), -3, 86, 46, 20)
TOE2 = Digit((182, 132), 3, 80, 28, 18)
TOE3 = Digit((210, 140), 8, 71, 26, 16)
TOE4 = Digit((235, 150), 13, 62, 24, 14)
TOE5 = Digit((258, 164), 20, 52, 22, 12)
TOES = [BIG, TOE2, TOE3, TOE4, TOE5]


def foot_top() -> list[Pt]:
    pts: list[Pt] = [(124, 270), (114, 220), (111, 170)]
    for i, t in enumerate(TOES):
        part = t.outline(start=4 if i == 0 else None, end=4 if i == 4 else None)
        if i > 0:
            pts.append(web(TOES[i - 1].at(TOES[i - 1].web, TOES[i - 1].half), part[0], 5))
        pts += part
    pts += [(272, 200), (268, 250), (258, 300), (247, 345), (232, 376), (208, 391), (180, 392)]
    pts += [(158, 380), (144, 356), (134, 320)]
    return pts


FOOT_TOP = foot_top()
FOOT_TOP_LINES = [
    [(134, 304), (192, 296), (252, 304)],  # ankle crease
    *[
        [
            t.at(t.length - 0.55 * t.half * 2, -t.half * 0.6),
            t.at(t.length - 0.6 * t.half * 2 - 2, 0),
            t.at(t.length - 0.55 * t.half * 2, t.half * 0.6),
        ]
        for t in TOES
    ],  # nails
]
FOOT_TOP_POINTS: dict[str, Pt] = {
    "LR1": BIG.at(BIG.length - 26, 14),
    "SP1": BIG.at(BIG.length - 26, -14),
    "ST45": TOE2.at(TOE2.length - 20, 7),
    "GB44": TOE4.at(TOE4.length - 18, 6),
    "BL67": TOE5.at(TOE5.length - 16, 5),
    "LR2": (165, 126),
    "LR3": (161, 186),
    "ST44": (198, 134),
    "ST43": (201, 170),
    "ST42": (190, 250),
    "ST41": (192, 299),
    "GB43": (249, 160),
    "GB42": (247, 190),
    "GB41": (243, 228),
    "GB40": (242, 312),
    "LR4": (150, 310),
}
FOOT_SOLE = flip(FOOT_TOP)
FOOT_SOLE_LINES = [
    flip([(120, 150), (190, 140), (268, 176)]),  # ball of the foot
    flip([(150, 340), (192, 330), (240, 340)]),  # heel pad
    *[
        flip([t.at(t.length * 0.45, -t.half * 0.8), t.at(t.length * 0.45, t.half * 0.8)])
        for t in TOES[:4]
    ],
]
FOOT_SOLE_POINTS: dict[str, Pt] = {
    "KI1": (400 - 196, 214),
    "EX-LE11": flip([TOE2.at(TOE2.length * 0.62)])[0],
}
FOOT_INNER = [
    (237, 22),
    (236, 12),
    (250, 10),
    (283, 9),
    (316, 10),
    (330, 12),
    (329, 22),
    (326, 80),
    (316, 160),
    (314, 230),
    (322, 268),
    (336, 306),
    (340, 336),
    (330, 356),
    (306, 364),
    (268, 362),
    (232, 352),
    (190, 348),
    (150, 354),
    (110, 362),
    (60, 362),
    (34, 356),
    (28, 344),
    (34, 330),
    (60, 322),
    (100, 318),
    (140, 310),
    (176, 294),
    (206, 272),
    (226, 250),
    (236, 222),
    (240, 160),
    (240, 80),
]
FOOT_INNER_LINES = [
    [
        (262, 264),
        (270, 256),
        (280, 256),
        (286, 266),
        (280, 278),
        (268, 278),
        (262, 268),
    ],  # ankle bone
    [(36, 334), (44, 328)],  # toenail
    [(104, 340), (110, 352)],  # big-toe knuckle
    [(320, 240), (316, 300), (326, 330)],  # Achilles tendon
]
FOOT_INNER_POINTS: dict[str, Pt] = {
    "SP1": (44, 340),
    "SP2": (92, 344),
    "SP3": (124, 342),
    "SP4": (168, 334),
    "KI2": (204, 330),
    "SP5": (238, 296),
    "LR4": (232, 268),
    "EX-LE8": (274, 267),
    "KI6": (272, 300),
    "KI3": (300, 268),
    "KI5": (305, 296),
    "KI7": (302, 226),
    "SP6": (282, 267 - 3 * 22),
    "LR5": (262, 267 - 5 * 22),
    "KI9": (300, 267 - 5 * 22),
    "SP7": (284, 267 - 6 * 22),
    "LR6": (264, 267 - 7 * 22),
}
FOOT_OUTER = [
    (71, 22),
    (70, 12),
    (84, 10),
    (117, 9),
    (150, 10),
    (164, 12),
    (163, 22),
    (160, 80),
    (162, 160),
    (170, 226),
    (188, 258),
    (214, 282),
    (250, 302),
    (290, 316),
    (330, 326),
    (362, 334),
    (372, 346),
    (364, 358),
    (330, 362),
    (270, 360),
    (210, 360),
    (150, 362),
    (94, 366),
    (70, 358),
    (60, 336),
    (64, 306),
    (78, 268),
    (86, 230),
    (84, 160),
    (74, 80),
]
FOOT_OUTER_LINES = [
    [
        (110, 270),
        (118, 262),
        (128, 262),
        (134, 272),
        (128, 284),
        (116, 284),
        (110, 274),
    ],  # ankle bone
    [(358, 336), (364, 342)],  # toenail
    [(80, 240), (84, 300), (72, 330)],  # Achilles tendon
    [(208, 352), (218, 350), (226, 354)],  # knob of the 5th foot bone
]
FOOT_OUTER_POINTS: dict[str, Pt] = {
    "BL60": (96, 272),
    "BL61": (92, 318),
    "BL62": (122, 304),
    "BL63": (168, 326),
    "BL64": (232, 344),
    "BL65": (300, 346),
    "BL66": (330, 344),
    "BL67": (360, 344),
    "GB40": (150, 286),
    "EX-LE9": (122, 273),
    "GB39": (130, 273 - 3 * 22),
    "GB38": (131, 273 - 4 * 22),
    "GB37": (132, 273 - 5 * 22),
    "BL59": (100, 273 - 3 * 22),
    "BL58": (104, 273 - 7 * 22),
}


# ----------------------------------------------------------------------------------------------
# Every other standard point (issue 15): three more views, and the points the first ten lacked.
# A point's value is (x, y); a list of (x, y) for a point that is a set of places (the webs
# between the fingers, the points beside each vertebra); {"once": (x, y)} for a point on one side
# of the body only, on a view of both sides.
# ----------------------------------------------------------------------------------------------


def _ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 12) -> list[Pt]:
    return [
        (cx + rx * math.cos(2 * math.pi * i / n), cy + ry * math.sin(2 * math.pi * i / n))
        for i in range(n + 1)
    ]


# ---- head-side: the right side of the head and neck, facing right
head = [
    (190, 22),
    (232, 26),
    (268, 42),
    (293, 66),
    (308, 96),
    (314, 125),
    (318, 146),
    (313, 158),
    (322, 176),
    (334, 196),
    (344, 212),
    (338, 219),
    (324, 222),
    (326, 234),
    (320, 242),
    (324, 250),
    (318, 262),
    (320, 276),
    (312, 290),
    (290, 298),
    (272, 304),
    (268, 318),
    (274, 330),
    (268, 342),
    (266, 370),
    (268, 398),
    (190, 398),
    (116, 398),
    (112, 360),
    (108, 320),
    (104, 290),
    (92, 262),
    (78, 240),
    (64, 214),
    (56, 180),
    (56, 150),
    (66, 110),
    (88, 70),
    (118, 42),
    (152, 26),
]
ear = [
    (212, 142),
    (200, 136),
    (186, 134),
    (170, 140),
    (160, 156),
    (158, 178),
    (162, 200),
    (170, 216),
    (178, 228),
    (190, 234),
    (200, 230),
    (205, 216),
    (210, 202),
    (216, 188),
    (213, 172),
    (214, 156),
    (212, 142),
]
helix = [(202, 152), (186, 148), (174, 160), (172, 182), (178, 202), (190, 212)]
eye = [(288, 160), (297, 155), (306, 159), (298, 164), (288, 160)]
brow = [(274, 142), (292, 137), (310, 141)]
hair_front = [(284, 48), (264, 70), (248, 98), (240, 126), (236, 150), (234, 170)]
hair_back = [(214, 132), (190, 122), (162, 124), (146, 150), (142, 200), (128, 250), (108, 292)]
arch = [(222, 172), (250, 168), (282, 174)]
jaw = [(224, 190), (228, 230), (236, 262), (262, 276), (300, 287)]
mastoid = [(146, 220), (154, 236), (168, 240)]
scm_front = [(176, 242), (250, 398)]
scm_back = [(156, 244), (222, 398)]
trap = [(110, 300), (146, 398)]
nostril = [(326, 208), (318, 214), (324, 218)]
lips = [(320, 242), (310, 244)]
HEAD_SIDE_VIEW = {
    "title": "Right side of the head",
    "width": 400,
    "height": 400,
    "marker": 9,
    "mirror": False,
    "outlines": [head],
    "lines": [
        ear,
        helix,
        eye,
        brow,
        hair_front,
        hair_back,
        arch,
        jaw,
        mastoid,
        scm_front,
        scm_back,
        trap,
        nostril,
        lips,
    ],
}

# ---- head-top: the top of the head seen from above, face at the top
top = []
for i in range(24):
    t = 2 * math.pi * i / 24
    a = 134 - 6 * math.cos(t)
    top.append((200 + a * math.sin(t), 205 - 172 * math.cos(t)))
nose = [(186, 42), (194, 22), (200, 16), (206, 22), (214, 42)]
ear_r = [(330, 170), (346, 176), (352, 196), (348, 220), (336, 232), (328, 226)]
ear_l = [(400 - x, y) for x, y in ear_r]
hairline = [(112, 92), (150, 70), (200, 62), (250, 70), (288, 92)]
midline = [(200, 62), (200, 360)]
ear_line = [(70, 190), (330, 190)]
HEAD_TOP_VIEW = {
    "title": "Top of the head (face at the top)",
    "width": 400,
    "height": 400,
    "marker": 9,
    "mirror": True,
    "person_right": "right",
    "outlines": [nose, ear_l, ear_r, top],
    "lines": [hairline, midline, ear_line],
}

# ---- trunk-side: the right side of the trunk with the arm raised, facing right
trunk = [
    (88, 4),
    (94, 50),
    (100, 96),
    (100, 130),
    (100, 170),
    (104, 220),
    (112, 270),
    (122, 320),
    (124, 350),
    (116, 390),
    (106, 430),
    (108, 470),
    (116, 516),
    (190, 516),
    (268, 516),
    (270, 490),
    (278, 455),
    (286, 415),
    (292, 370),
    (294, 320),
    (290, 270),
    (284, 240),
    (292, 215),
    (298, 190),
    (294, 160),
    (282, 128),
    (266, 100),
    (244, 76),
    (218, 48),
    (200, 24),
    (192, 4),
    (140, 4),
]
armpit = _ellipse(190, 100, 40, 24, 12)
front_fold = [(236, 86), (262, 108), (270, 124)]
back_fold = [(146, 88), (124, 112), (112, 134)]
costal = [(284, 238), (252, 298), (212, 356)]
rib12 = [(122, 338), (144, 360), (160, 372)]
crest = [(126, 420), (170, 406), (230, 410), (270, 434)]
nipple = _ellipse(290, 186, 3.5, 3.5, 8)
thigh = [(270, 490), (230, 484), (190, 492)]
TRUNK_SIDE_VIEW = {
    "title": "Right side of the chest and waist (arm raised)",
    "width": 400,
    "height": 520,
    "marker": 7,
    "mirror": False,
    "outlines": [trunk],
    "lines": [armpit, front_fold, back_fold, costal, rib12, crest, nipple],
}


MORE: dict[str, dict[str, object]] = {}


def put(view: str, code: str, *xy: Pt, once: bool = False) -> None:
    """Place ``code`` on ``view``: one place, a set of places, or once (one side only)."""
    MORE.setdefault(view, {})[code] = (
        {"once": xy[0]} if once else xy[0] if len(xy) == 1 else list(xy)
    )


# ---- head-side (units)
hs = dict(
    TE17=(186, 240),
    **{"EX-HN14": (166, 242)},
    GB12=(150, 248),
    TE18=(156, 212),
    TE19=(150, 168),
    TE20=(186, 124),
    GB8=(186, 106),
    GB9=(170, 98),
    GB10=(140, 136),
    GB11=(133, 192),
    GB7=(228, 134),
    TE22=(225, 154),
    TE21=(223, 170),
    SI19=(223, 186),
    GB2=(223, 202),
    TE23=(276, 142),
    GB1=(279, 161),
    **{"EX-HN5": (262, 152)},
    GB3=(250, 159),
    ST7=(240, 184),
    ST6=(252, 244),
    ST5=(276, 276),
    ST8=(260, 66),
    GB4=(253, 84),
    GB5=(244, 101),
    GB6=(236, 118),
    ST9=(218, 322),
    LI18=(203, 322),
    SI16=(182, 322),
    ST10=(228, 346),
    LI17=(194, 346),
    SI17=(220, 264),
    TE16=(160, 266),
    GB20=(108, 256),
    GB19=(100, 200),
    GV20=(188, 32),
)
for c, xy in hs.items():
    put("head-side", c, xy)
put("head-side", "sleep:anmian", (140, 250))

# ---- head-top (units, person's right = x > 200)
ht = dict(
    GV24=(200, 74),
    GV23=(200, 86),
    GV22=(200, 110),
    GV21=(200, 146),
    GV20=(200, 182),
    GV19=(200, 218),
    GV18=(200, 254),
    GV17=(200, 290),
    BL3=(218, 74),
    BL4=(236, 74),
    BL5=(236, 86),
    BL6=(236, 122),
    BL7=(236, 158),
    BL8=(236, 194),
    BL9=(231, 290),
    GB15=(254, 74),
    **{"EX-HN2": (254, 86)},
    GB16=(254, 98),
    GB17=(254, 122),
    GB18=(254, 158),
    GB19=(254, 290),
    GB13=(268, 74),
    ST8=(280, 80),
)
for c, xy in ht.items():
    put("head-top", c, xy)
put("head-top", "EX-HN1", (200, 158), (200, 206), (224, 182))

# ---- trunk-side (units)
ts = {
    "HT1": (190, 100),
    "GB22": (190, 185),
    "SP21": (190, 229),
    "GB23": (216, 182),
    "SP20": (252, 141),
    "SP19": (252, 163),
    "SP18": (252, 185),
    "SP17": (252, 207),
    "PC1": (270, 185),
    "LR13": (212, 356),
    "GB25": (160, 372),
    "GB26": (212, 392),
    "GB29": (228, 465),
}
for c, xy in ts.items():
    put("trunk-side", c, xy)

# ---- front (units; person's right = viewer's left, x < 200)
fr = dict(
    ST11=(186, 173),
    ST12=(152, 173),
    ST14=(152, 201),
    ST15=(152, 222),
    ST16=(152, 242),
    ST17=(152, 260),
    ST18=(152, 276),
    KI26=(176, 201),
    KI24=(176, 242),
    KI23=(176, 260),
    KI22=(176, 276),
    LU3=(104, 255),
    LU4=(103, 264),
    HT2=(116, 283),
    PC2=(110, 246),
    HT1=(134, 221),
    LI13=(97, 272),
    LI14=(105, 226),
    ST33=(146.2, 609),
    ST19=(176, 314),
    ST20=(176, 325.6),
    ST22=(176, 349.4),
    ST23=(176, 361.3),
    ST24=(176, 373.1),
    ST26=(176, 396.9),
    ST27=(176, 408.8),
    ST29=(176, 432.5),
    ST30=(176, 444.4),
    SP13=(152, 436),
    SP14=(152, 400.5),
    SP16=(156, 349.4),
    SP11=(160.7, 514.7),
    SP12=(156, 452),
    SP8=(176, 720),
    GB27=(146, 421),
    GB28=(149, 428),
    GB29=(139, 447),
    LR7=(176.5, 691),
    LR9=(180, 600),
    LR10=(176, 490),
    LR11=(176, 478),
    LR12=(170, 444),
    **{"EX-LE3": (173, 610), "EX-LE6": (142, 712)},
    KI11=(194, 444.4),
    KI12=(194, 432.5),
    KI13=(194, 420.6),
    KI14=(194, 408.8),
    KI15=(194, 396.9),
    KI17=(194, 361.3),
    KI18=(194, 349.4),
    KI19=(194, 337.5),
    KI20=(194, 325.6),
    KI21=(194, 313.7),
)
for c, xy in fr.items():
    put("front", c, xy)
put("front", "EX-LE1", (140, 619), (160, 619))
put("front", "EX-LE5", (150, 677), (167, 677))
put("front", "EX-UE2", (83, 396.3), (76, 396.3))

# ---- back (units; person's right = viewer's right, x > 200)
LEVEL = {
    "C7": 0.1944,
    "T1": 0.2111,
    "T2": 0.2272,
    "T3": 0.2433,
    "T4": 0.2594,
    "T5": 0.2756,
    "T6": 0.2917,
    "T7": 0.3078,
    "T8": 0.3239,
    "T9": 0.34,
    "T10": 0.3561,
    "T11": 0.3722,
    "T12": 0.3883,
    "L1": 0.4056,
    "L2": 0.4233,
    "L3": 0.4411,
    "L4": 0.4589,
    "L5": 0.4767,
}
bk = dict(
    LI6=(328.5, 405),
    LI7=(323.8, 383),
    LI8=(318.3, 350),
    LI9=(316.5, 339),
    TE7=(313, 405),
    TE8=(316.5, 393),
    TE9=(312, 372),
    TE11=(298, 293),
    TE12=(296, 258),
    TE13=(292, 231),
    SI7=(309, 387),
    SI8=(290, 313),
    SI9=(268, 216),
    SI13=(244, 200),
    SI14=(236, LEVEL["T1"] * 900),
    SI15=(224, LEVEL["C7"] * 900),
    LI16=(272, 182),
    BL9=(213, 93),
    GB19=(222, 93),
    **{
        "EX-HN15": (212, 143),
        "EX-B3": (218, LEVEL["T8"] * 900),
        "EX-B4": (242, LEVEL["L1"] * 900),
        "EX-B6": (236, LEVEL["L4"] * 900),
    },
    CV1=(200, 509),
    LR8=(225, 666),
)
for c, xy in bk.items():
    put("back", c, xy)
put(
    "back",
    "EX-B2",
    *[
        (206, LEVEL[v] * 900)
        for v in [
            "T1",
            "T2",
            "T3",
            "T4",
            "T5",
            "T6",
            "T7",
            "T8",
            "T9",
            "T10",
            "T11",
            "T12",
            "L1",
            "L2",
            "L3",
            "L4",
            "L5",
        ]
    ],
)

# ---- side (units)
sd = dict(
    LI6=(212, 415),
    LI7=(210, 391),
    LI8=(207, 355),
    LI9=(206, 343),
    LI12=(204, 297),
    LI13=(204, 273),
    LI14=(205, 227),
    GB32=(193, 578),
    GB33=(196, 648),
    **{"EX-LE6": (203.5, 714)},
)
for c, xy in sd.items():
    put("side", c, xy)

# ---- head (face; person's right = viewer's left)
put("head", "ST5", (124, 306))
put("head", "ST9", (172, 372))
put("head", "LI18", (160, 372))
put("head", "ST10", (174, 389))
put("head", "GV28", (200, 272))
put("head", "EX-HN10", (200, 276))
put("head", "EX-HN11", (200, 280))
put("head", "EX-HN9", (191, 242))
put("head", "EX-HN12", (210, 280), once=True)  # the person's left: the viewer's right
put("head", "EX-HN13", (190, 280), once=True)  # the person's right: the viewer's left

# ---- hands and feet (units)
put("hand-palm", "HT6", (150, 317.5))
put("hand-palm", "HT4", (150, 347))
put("hand-palm", "EX-UE10", (240, 104.5), (198.4, 97), (156.8, 108.5), (119.6, 136.3))
put("hand-palm", "EX-UE11", (245, 42), (200, 36), (152, 50), (111, 95), (331, 207))
put("hand-back", "HT9", (278, 110))
put("hand-back", "EX-UE7", (190, 242), (250, 242))
put("hand-back", "EX-UE9", (143, 224), (183, 165), (221.5, 165), (259, 170))
put("foot-top", "EX-LE10", (164, 122), (199, 130), (226, 142), (251, 156))
put("foot-top", "EX-LE12", (133, 52), (186, 59), (219, 77), (247, 97), (273, 121))
put("foot-inner", "KI4", (310, 282))
put("foot-inner", "KI8", (288, 226))
put("foot-outer", "GB36", (134, 119))
put("foot-outer", "GB35", (116, 119))


# Landmarks the location texts measure from, drawn as lines: the bumps of the spine at each
# vertebra (a tick a little above the level of the hollow below it), the line across the tops of
# the hip bones (it crosses the spine at L4), the dimples over the sacrum (level with S2), the
# nipples (4th rib space, 4 cun out) and the kneecaps.
BACK_LINES.extend([(197.0, y * 900 - 5), (203.0, y * 900 - 5)] for y in LEVEL.values())
BACK_LINES.extend(sym([[(146, 396), (170, 408), (194, 413)]]))
BACK_LINES.extend(sym([circle(213, 454, 3.5)]))
FRONT_LINES.extend(sym([circle(152, 260, 3)]))
FRONT_LINES.extend(
    sym(
        [
            [
                (147, 654),
                (150, 644),
                (158, 638),
                (166, 644),
                (169, 654),
                (166, 666),
                (158, 673),
                (150, 666),
                (147, 654),
            ]
        ]
    )
)

FRONT_POINTS.pop("GB21")  # on top of the shoulder: from the front it sat on the collarbone
HP["GB15"] = (155, 76)  # half a cun inside the hairline, not below it
for _points, _view in (
    (FRONT_POINTS, "front"),
    (BACK_POINTS, "back"),
    (SIDE_POINTS, "side"),
    (HP, "head"),
    (HAND_BACK_POINTS, "hand-back"),
    (HAND_PALM_POINTS, "hand-palm"),
    (FOOT_TOP_POINTS, "foot-top"),
    (FOOT_INNER_POINTS, "foot-inner"),
    (FOOT_OUTER_POINTS, "foot-outer"),
):
    assert not set(_points) & set(MORE[_view]), _view
    _points.update(MORE[_view])  # type: ignore[arg-type]


# The side views of the foot were drawn with the foot 14 cun long for a leg measured at 22 units
# a cun (SP6 3 cun above the inner ankle bone, BL59 3 cun above BL60): shorten the forefoot so
# heel to toe tip is 12 cun, the length the bone-proportional measures give the foot, taking
# every line and point beyond the ankle along.
FOOT_CUN = 22.0
FOOT_LENGTH_CUN = 12.0


def _squash(outline: list[Pt], lines: list[list[Pt]], points: dict[str, Pt], start: float) -> None:
    xs = [x for x, _y in outline]
    heel, toe = (max(xs), min(xs)) if start - min(xs) > max(xs) - start else (min(xs), max(xs))
    k = (FOOT_LENGTH_CUN * FOOT_CUN - abs(heel - start)) / abs(toe - start)

    def f(p: Pt) -> Pt:
        x, y = p
        return ((start + (x - start) * k) if (x - start) * (toe - start) > 0 else x, y)

    outline[:] = [f(p) for p in outline]
    for line in lines:
        line[:] = [f(p) for p in line]
    for code, where in points.items():
        points[code] = [f(q) for q in where] if isinstance(where, list) else f(where)  # type: ignore[assignment]


_squash(FOOT_INNER, FOOT_INNER_LINES, FOOT_INNER_POINTS, 240.0)  # toes to the left
_squash(FOOT_OUTER, FOOT_OUTER_LINES, FOOT_OUTER_POINTS, 170.0)  # toes to the right


# Landmarks the close-ups measure from: where each is on a view (units), how many units make a
# cun for a measurement from it there, and the words a location text names it by. A landmark
# with level = true is a line (the midline): a measurement from it runs across, at the point's
# own level. Each cun here is the one the points measured from it were placed with above.
ANKLE_INNER = (274.0, 267.0)  # the centre of the inner ankle bone drawn on foot-inner
ANKLE_OUTER = (122.0, 273.0)  # ... and of the outer one on foot-outer
LANDMARKS: dict[str, dict[str, dict[str, object]]] = {
    "foot-inner": {
        "inner-ankle-bone": {
            "name": "inner ankle bone",
            "at": ANKLE_INNER,
            "cun": FOOT_CUN,
            "words": ["inner ankle bone"],
        },
    },
    "foot-outer": {
        "outer-ankle-bone": {
            "name": "outer ankle bone",
            "at": ANKLE_OUTER,
            "cun": FOOT_CUN,
            "words": ["outer ankle bone"],
        },
    },
    "front": {
        "navel": {"name": "navel", "at": (200.0, NAVEL), "cun": lo_cun, "words": ["navel"]},
        "outer-knee-hollow": {
            "name": "outer knee hollow",
            "at": FRONT_POINTS["ST35"],
            "cun": leg_cun,
            "words": ["outer knee hollow"],
        },
        "midline": {
            "name": "midline",
            "at": (200.0, 0.0),
            "cun": cun_x,
            "level": True,
            "words": ["midline"],
        },
        # the middle of the palm-side wrist crease (PC7); the forearm slants a little, so the
        # cun of a line drawn straight up is the upward part of the forearm's cun
        "wrist-crease": {
            "name": "wrist crease",
            "at": WRIST_F,
            "cun": fa_cun * axis[1],
            "words": ["wrist crease"],
        },
    },
    "back": {
        "spine": {
            "name": "midline of the spine",
            "at": (200.0, 0.0),
            "level": True,
            "cun": (BACK_POINTS["BL23"][0] - 200) / 1.5,  # BL23: 1.5 cun out
            "words": ["midline", "spine", "ridge down"],
        },
    },
}


def _view(vid: str, v: dict[str, object]) -> tuple[object, ...]:
    return (
        vid,
        v["title"],
        v["width"],
        v["height"],
        v["marker"],
        v.get("person_right"),
        v["outlines"],
        v["lines"],
        MORE[vid],
    )


VIEWS = [
    # id, title, width, height, marker, person_right, outlines, lines, points
    ("front", "Front", 400, 900, 7, "left", [FRONT], FRONT_LINES, FRONT_POINTS),
    ("back", "Back", 400, 900, 7, "right", [BACK], BACK_LINES, BACK_POINTS),
    ("side", "Right side", 400, 900, 7, None, [SIDE, SIDE_ARM, SIDE_EAR], SIDE_LINES, SIDE_POINTS),
    _view("trunk-side", TRUNK_SIDE_VIEW),
    ("head", "Face", 400, 400, 9, "left", [HEAD_OUT], HEAD_LINES, HP),
    _view("head-side", HEAD_SIDE_VIEW),
    _view("head-top", HEAD_TOP_VIEW),
    (
        "hand-back",
        "Back of the right hand",
        400,
        400,
        10,
        None,
        [HAND_BACK],
        HAND_BACK_LINES,
        HAND_BACK_POINTS,
    ),
    (
        "hand-palm",
        "Palm of the right hand",
        400,
        400,
        10,
        None,
        [HAND_PALM],
        HAND_PALM_LINES,
        HAND_PALM_POINTS,
    ),
    (
        "foot-top",
        "Top of the right foot",
        400,
        400,
        10,
        None,
        [FOOT_TOP],
        FOOT_TOP_LINES,
        FOOT_TOP_POINTS,
    ),
    (
        "foot-sole",
        "Sole of the right foot",
        400,
        400,
        10,
        None,
        [FOOT_SOLE],
        FOOT_SOLE_LINES,
        FOOT_SOLE_POINTS,
    ),
    (
        "foot-inner",
        "Inner side of the right foot",
        400,
        400,
        10,
        None,
        [FOOT_INNER],
        FOOT_INNER_LINES,
        FOOT_INNER_POINTS,
    ),
    (
        "foot-outer",
        "Outer side of the right foot",
        400,
        400,
        10,
        None,
        [FOOT_OUTER],
        FOOT_OUTER_LINES,
        FOOT_OUTER_POINTS,
    ),
]


# ----------------------------------------------------------------------------------------------
# Checks and output
# ----------------------------------------------------------------------------------------------


def inside(p: Pt, poly: list[Pt]) -> bool:
    x, y = p
    hit = False
    n = len(poly)
    for i in range(n):
        (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def edge_distance(p: Pt, poly: list[Pt]) -> float:
    best = math.inf
    n = len(poly)
    for i in range(n):
        a, b = poly[i], poly[(i + 1) % n]
        dx, dy = b[0] - a[0], b[1] - a[1]
        ll = dx * dx + dy * dy
        t = 0.0 if ll == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / ll))
        best = min(best, math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy))
    return best


def fmt(v: float) -> str:
    r = round(v, 1)
    return str(int(r)) if r == int(r) else str(r)


def fmt_poly(poly: list[Pt], indent: str) -> str:
    items = [f"[{fmt(x)}, {fmt(y)}]" for x, y in poly]
    lines, cur = [], indent
    for it in items:
        if len(cur) + len(it) + 2 > 98:
            lines.append(cur.rstrip())
            cur = indent
        cur += it + ", "
    lines.append(cur.rstrip())
    return "\n".join(lines)


HEADER = """\
# Body maps: outline figures and where each point is drawn on them.
# Written by tools/gen_maps.py (python tools/gen_maps.py): change that, not this file.
#
# Used by acupress.render._svg (render_map). Every view has a viewBox (width x height, y down),
# one or more outline polygons and optional decorative lines, all in viewBox units. Outlines are
# drawn as smooth closed curves through their vertices; lines as smooth open curves. `marker` is
# the radius of a point's marker in viewBox units.
#
# [points.<view>] gives, for each point code, [x, y] normalised to 0..1 from the top-left corner of
# the view. Every point lies inside an outline of its view. A point that is a set of places (the
# webs between the fingers, the points beside each vertebra) lists them all: [[x, y], [x, y], ...].
# A point on one side of the body only, on a view of both sides, is { once = [x, y] }.
#
# Sides. Figures show a right hand, a right foot and the person's right side. On the views that
# show both sides (`mirror = true`: front, back, head, head-top) a bilateral point is listed
# once, at its position on the person's RIGHT side, and drawn a second time mirrored about the
# midline x = 0.5; a midline point has x = 0.5 exactly and is drawn once. `person_right` says
# on which half of the picture the person's right lies:
#   - front and head (the person faces the viewer): the person's right is on the viewer's LEFT,
#     so bilateral points there have x < 0.5;
#   - back (the person faces away): the person's right is on the viewer's RIGHT, x > 0.5.
#   - head-top (seen from above, the face at the top): the person's right is on the viewer's right.
# On every other view (side, trunk-side, head-side, hands, feet) a point is drawn once, on the right
# limb or side shown.
#
# Orientation of the limb views: hands have the fingers up (back of the hand: thumb on the left;
# palm: thumb on the right); foot-top and foot-sole have the toes up (big toe on the left on top,
# on the right on the sole); foot-inner has the toes to the left, foot-outer to the right.
#
# Positions follow the plain-words locations in data/points/*.toml (proportional cun measured on
# each figure); they are drawings for finding the area, not measurements.
"""


def main() -> None:
    problems = []
    out = [HEADER]
    counts = {}
    for vid, title, w, h, marker, person_right, outlines, lines, points in VIEWS:
        out.append(f"\n[views.{vid}]")
        out.append(f'title = "{title}"')
        out.append(f"width = {w}")
        out.append(f"height = {h}")
        out.append(f"marker = {marker}")
        out.append(f"mirror = {'true' if person_right else 'false'}")
        if person_right:
            out.append(f'person_right = "{person_right}"')
        out.append("outlines = [")
        for poly in outlines:
            out.append("  [")
            out.append(fmt_poly(poly, "    "))
            out.append("  ],")
        out.append("]")
        if lines:
            out.append("lines = [")
            for line in lines:
                out.append("  [" + ", ".join(f"[{fmt(x)}, {fmt(y)}]" for x, y in line) + "],")
            out.append("]")
        out.append(f"\n[points.{vid}]")
        counts[vid] = len(points)
        for code, value in points.items():
            key = f'"{code}"' if ":" in code else code
            once = isinstance(value, dict)
            places = [value["once"]] if once else value if isinstance(value, list) else [value]
            written = []
            for x, y in places:
                nx, ny = round(x / w, 4), round(y / h, 4)
                written.append(f"[{nx}, {ny}]")
                sides = [(nx * w, ny * h)]
                if person_right and not once and nx != 0.5:
                    sides.append(((1 - nx) * w, ny * h))
                    if (person_right == "left") != (nx < 0.5):
                        problems.append(f"{vid} {code}: on the wrong side")
                for p in sides:
                    if not any(inside(p, poly) for poly in outlines):
                        problems.append(f"{vid} {code}: outside at {p}")
                    else:
                        d = max(edge_distance(p, poly) for poly in outlines if inside(p, poly))
                        if d < MARGIN:
                            problems.append(f"{vid} {code}: only {d:.1f} from the edge")
            if once:
                out.append(f"{key} = {{ once = {written[0]} }}")
            elif len(written) > 1:
                out.append(f"{key} = [{', '.join(written)}]")
            else:
                out.append(f"{key} = {written[0]}")
    for vid, marks in LANDMARKS.items():
        w, h = next((v[2], v[3]) for v in VIEWS if v[0] == vid)
        out.append(f"\n[landmarks.{vid}]")
        for lid, mark in marks.items():
            x, y = mark["at"]  # type: ignore[misc]
            words = ", ".join(f'"{word}"' for word in mark["words"])  # type: ignore[attr-defined]
            level = ", level = true" if mark.get("level") else ""
            out.append(
                f'{lid} = {{ name = "{mark["name"]}", at = [{round(x / w, 4)}, {round(y / h, 4)}], '
                f"cun = {round(mark['cun'], 3)}{level}, words = [{words}] }}"  # type: ignore[call-overload]
            )
    text = "\n".join(out) + "\n"
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(counts, sum(counts.values()))
    all_codes = set().union(*(set(v[-1]) for v in VIEWS))  # type: ignore[arg-type]
    print("distinct codes", len(all_codes))
    for p in problems:
        print("PROBLEM", p, file=sys.stderr)


if __name__ == "__main__":
    main()
