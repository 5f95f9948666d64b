"""The 2025–2027 calendar the platform starts with (Labour Code 2019 Art. 112 + the yearly plans
announced by the Government); province IT edits it in the console as new plans are announced.

2025 and 2026 follow the announced plans for civil servants; 2027 lists the statutory days and the
compensatory days the Labour Code implies (no plan announced yet — marked "dự kiến").
"""

from __future__ import annotations

from datetime import date

H, C, S = "holiday", "compensatory", "swapped"

# (date, name, kind, note)
HOLIDAYS: list[tuple[date, str, str, str]] = [
    # 2025 — Công văn 6150/LĐTBXH-CVL (Tết), the swap of 02/5 with 26/4 approved by the Prime Minister
    (date(2025, 1, 1), "Tết Dương lịch", H, ""),
    (date(2025, 1, 27), "Tết Nguyên đán Ất Tỵ (nghỉ bù mùng 4 Tết trùng thứ Bảy)", C, "Nghỉ Tết 25/01–02/02/2025"),
    (date(2025, 1, 28), "Tết Nguyên đán Ất Tỵ (29 tháng Chạp)", H, "Nghỉ Tết 25/01–02/02/2025"),
    (date(2025, 1, 29), "Tết Nguyên đán Ất Tỵ (mùng 1)", H, "Nghỉ Tết 25/01–02/02/2025"),
    (date(2025, 1, 30), "Tết Nguyên đán Ất Tỵ (mùng 2)", H, "Nghỉ Tết 25/01–02/02/2025"),
    (date(2025, 1, 31), "Tết Nguyên đán Ất Tỵ (mùng 3)", H, "Nghỉ Tết 25/01–02/02/2025"),
    (date(2025, 4, 7), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", H, ""),
    (date(2025, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước", H, ""),
    (date(2025, 5, 1), "Ngày Quốc tế Lao động", H, ""),
    (date(2025, 5, 2), "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4/2025)", S, ""),
    (date(2025, 9, 1), "Quốc khánh (ngày liền kề)", H, "Nghỉ 30/8–02/9/2025"),
    (date(2025, 9, 2), "Quốc khánh", H, "Nghỉ 30/8–02/9/2025"),
    # 2026 — Tết Dương lịch: Văn bản 12729/VPCP-KGVX (swap of 02/01 with 10/01); Tết Bính Ngọ 14/02–22/02
    (date(2026, 1, 1), "Tết Dương lịch", H, ""),
    (date(2026, 1, 2), "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)", S, "Văn bản 12729/VPCP-KGVX"),
    (date(2026, 2, 16), "Tết Nguyên đán Bính Ngọ (29 tháng Chạp)", H, "Nghỉ Tết 14/02–22/02/2026"),
    (date(2026, 2, 17), "Tết Nguyên đán Bính Ngọ (mùng 1)", H, "Nghỉ Tết 14/02–22/02/2026"),
    (date(2026, 2, 18), "Tết Nguyên đán Bính Ngọ (mùng 2)", H, "Nghỉ Tết 14/02–22/02/2026"),
    (date(2026, 2, 19), "Tết Nguyên đán Bính Ngọ (mùng 3)", H, "Nghỉ Tết 14/02–22/02/2026"),
    (date(2026, 2, 20), "Tết Nguyên đán Bính Ngọ (mùng 4)", H, "Nghỉ Tết 14/02–22/02/2026"),
    (date(2026, 4, 27), "Giỗ Tổ Hùng Vương (nghỉ bù: 10/3 âm lịch trùng Chủ nhật 26/4)", C, ""),
    (date(2026, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước", H, ""),
    (date(2026, 5, 1), "Ngày Quốc tế Lao động", H, ""),
    (date(2026, 9, 1), "Quốc khánh (ngày liền kề)", H, "Kiểm tra phương án hoán đổi khi được công bố"),
    (date(2026, 9, 2), "Quốc khánh", H, ""),
    # 2027 — statutory days and Labour Code compensatory days (dự kiến)
    (date(2027, 1, 1), "Tết Dương lịch", H, ""),
    (date(2027, 2, 5), "Tết Nguyên đán Đinh Mùi (ngày cuối năm)", H, "Dự kiến"),
    (date(2027, 2, 8), "Tết Nguyên đán Đinh Mùi (mùng 3)", H, "Dự kiến"),
    (date(2027, 2, 9), "Tết Nguyên đán Đinh Mùi (mùng 4)", H, "Dự kiến"),
    (date(2027, 2, 10), "Tết Nguyên đán Đinh Mùi (nghỉ bù mùng 1 trùng thứ Bảy)", C, "Dự kiến"),
    (date(2027, 2, 11), "Tết Nguyên đán Đinh Mùi (nghỉ bù mùng 2 trùng Chủ nhật)", C, "Dự kiến"),
    (date(2027, 4, 16), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", H, ""),
    (date(2027, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước", H, ""),
    (date(2027, 5, 3), "Ngày Quốc tế Lao động (nghỉ bù: 1/5 trùng thứ Bảy)", C, ""),
    (date(2027, 9, 2), "Quốc khánh", H, ""),
    (date(2027, 9, 3), "Quốc khánh (ngày liền kề)", H, "Dự kiến"),
]

# (date, reason)
WORKDAYS: list[tuple[date, str]] = [
    (date(2025, 4, 26), "Làm bù cho ngày nghỉ hoán đổi thứ Sáu 02/5/2025"),
    (date(2026, 1, 10), "Làm bù cho ngày nghỉ hoán đổi thứ Sáu 02/01/2026"),
]


def seed_calendar(holiday_model, workday_model) -> None:
    """Insert the rows that are missing (existing rows, possibly edited by province IT, are kept)."""
    for day, name, kind, note in HOLIDAYS:
        holiday_model.objects.get_or_create(date=day, defaults={"name": name, "kind": kind, "note": note})
    for day, name in WORKDAYS:
        workday_model.objects.get_or_create(date=day, defaults={"name": name})
