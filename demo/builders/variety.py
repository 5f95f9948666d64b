"""What makes each demo site's content its own: pools of news subjects, documents, projects, questions
and work-schedule items, chosen and varied per site by a stable seed (SHA-256 of the site's slug and
of what is chosen — never Python's randomised ``hash()``), so two loads, or two machines, choose the same.

The subjects follow what the reference regulations say a commune, a province or a department posts
(Quy chế hoạt động của Trang TTĐT xã, Quy chế phối hợp đăng tải văn bản xã Quang Khải, phụ lục 1–4:
nghị quyết, quyết định, kế hoạch, thông báo, báo cáo, công văn of the Đảng ủy, HĐND, UBND and MTTQ).
Plain functions and data, no database: the builders of ``content`` and ``participation`` fill the pages
from them, and the tests compute what a site must show from the same functions.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from dataclasses import dataclass

NEWS_COUNT = 6  # news items of every site (``content.news_slug(0 … NEWS_COUNT - 1)``)
PINNED_SIGNER = "Nguyễn Văn An"  # the editorial board's head who signs its decision, on every site


def seed(*parts: str) -> int:
    """A stable integer of ``parts`` (the same on every run and machine)."""
    digest = hashlib.sha256(":".join(("congttdt-demo", *parts)).encode()).hexdigest()
    return int(digest[:16], 16)


def chooser(slug: str, what: str) -> random.Random:
    """A random generator of its own for one site and one kind of choice (one pool's choice never shifts
    another's)."""
    return random.Random(seed(slug, what))


def pool_kind(kind: str) -> str:
    """The pool a site of ``kind`` draws from: the province, an agency, or a local unit (commune, ward,
    former district)."""
    return kind if kind in ("province", "agency") else "local"


def place_words(name: str, kind: str, today: datetime.date | None = None) -> dict[str, str | int]:
    """The words the pools' templates are filled with, for the site called ``name`` of ``kind``:
    {name} "Xã Sơn Hùng", {short} "Sơn Hùng", {place} "xã Sơn Hùng" (a department: the province), {portal}, {council} "UBND xã Sơn Hùng", {head}
    "Chủ tịch UBND xã Sơn Hùng", {where} / {where_short}: the area (the province for the province and its
    agencies), {level}, {year}, {last_year}, {next_year}."""
    first, _space, rest = name.partition(" ")
    year = (today or datetime.date.today()).year
    if kind == "agency" or not rest:  # a department speaks of the province
        council = portal = short = name
        head, place, where, where_short, level = f"Giám đốc {name}", "tỉnh Phú Thọ", "tỉnh Phú Thọ", "Phú Thọ", "sở"
    else:
        level, short = first.lower(), rest
        place = f"{level} {short}"
        council = f"UBND {place}"
        head = f"Chủ tịch {council}"
        portal = where = place
        where_short = short
    return {
        "name": name, "short": short, "place": place, "portal": portal, "council": council, "head": head, "where": where,
        "where_short": where_short, "level": level, "year": year, "last_year": year - 1, "next_year": year + 1,
    }  # fmt: skip


# ---------------------------------------------------------------------------------------------- news
@dataclass(frozen=True)
class NewsSubject:
    title: str  # placeholders: see ``content.Place.words`` ({name}, {short}, {place}, {council}, {n1} …)
    category: str
    lead: str
    detail: str


# fmt: off
NEWS_POOL: dict[str, list[NewsSubject]] = {
    "local": [
        NewsSubject("{name} tổng kết công tác năm, triển khai nhiệm vụ trọng tâm", "Tin hoạt động",
                    "Ngày {d}, {council} tổ chức hội nghị tổng kết, đánh giá kết quả thực hiện nhiệm vụ năm.",
                    "Tổng thu ngân sách trên địa bàn đạt {n1} triệu đồng, vượt {n2}% dự toán được giao."),
        NewsSubject("{name} ra quân trồng cây đầu xuân", "Văn hóa – xã hội",
                    "Hơn {n1}0 cán bộ, đoàn viên và nhân dân {place} tham gia Tết trồng cây đời đời nhớ ơn Bác Hồ.",
                    "{n2}.000 cây keo, lát hoa và cây bóng mát được trồng dọc các tuyến đường liên thôn."),
        NewsSubject("Chuyển đổi số trong giải quyết thủ tục hành chính ở {place}", "Kinh tế",
                    "{n2}% hồ sơ thủ tục hành chính của {council} được tiếp nhận, xử lý trực tuyến.",
                    "Tổ công nghệ số cộng đồng hướng dẫn {n1} người dân cài đặt, kích hoạt tài khoản định danh điện tử."),
        NewsSubject("Tập huấn kỹ thuật trồng chè an toàn theo VietGAP tại {place}", "Kinh tế",
                    "Lớp tập huấn thu hút {n1} hộ trồng chè của {place}.",
                    "Các hộ được hướng dẫn ghi chép nhật ký sản xuất, sử dụng thuốc bảo vệ thực vật đúng liều lượng."),
        NewsSubject("Diễn tập phòng thủ dân sự năm {year} tại {place} đạt kết quả tốt", "Quốc phòng – an ninh",
                    "Cuộc diễn tập ứng phó lũ quét, sạt lở đất của {council} có {n1} lượt người tham gia.",
                    "Các tình huống sơ tán dân, cứu hộ, cứu nạn được xử lý nhanh, bảo đảm an toàn tuyệt đối."),
        NewsSubject("{council} thông báo lịch tiếp công dân định kỳ", "Thông báo",
                    "Chủ tịch {council} tiếp công dân định kỳ vào ngày {n3} hằng tháng tại trụ sở tiếp công dân.",
                    "Công dân đến kiến nghị, phản ánh mang theo căn cước và giấy tờ liên quan."),
        NewsSubject("{name} khánh thành nhà văn hóa khu dân cư số {n3}", "Văn hóa – xã hội",
                    "Công trình có tổng mức đầu tư {n1}0 triệu đồng, trong đó nhân dân đóng góp {n2}% kinh phí.",
                    "Nhà văn hóa là nơi sinh hoạt cộng đồng, tuyên truyền pháp luật và tổ chức hát Xoan, hát Ghẹo."),
        NewsSubject("Ra mắt mô hình \"Khu dân cư không rác thải nhựa\" ở {place}", "Văn hóa – xã hội",
                    "Hội Liên hiệp Phụ nữ {place} ra mắt mô hình với {n1} hộ thành viên.",
                    "Các hộ phân loại rác tại nguồn, dùng túi vải khi đi chợ và ủ rác hữu cơ làm phân bón."),
        NewsSubject("{name} tiếp nhận {n3} hồ sơ đăng ký khai sinh trực tuyến trong tháng", "Tin hoạt động",
                    "Bộ phận một cửa của {council} hướng dẫn người dân nộp hồ sơ trên Cổng Dịch vụ công quốc gia.",
                    "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi."),
        NewsSubject("Tiêm vắc xin sởi – rubella cho trẻ em tại {place}", "Văn hóa – xã hội",
                    "Trạm Y tế {place} tổ chức tiêm cho {n1} trẻ trong độ tuổi.",
                    "Cán bộ y tế khám sàng lọc trước tiêm, theo dõi sau tiêm 30 phút tại điểm tiêm."),
        NewsSubject("Kỳ họp thứ {n3} Hội đồng nhân dân {place}", "Tin hoạt động",
                    "Kỳ họp thông qua {n3} nghị quyết về kinh tế – xã hội, đầu tư công và dự toán ngân sách.",
                    "Cử tri kiến nghị sửa chữa đường liên thôn, kênh mương nội đồng và hệ thống điện chiếu sáng."),
        NewsSubject("{name} hỗ trợ xây dựng {n3} nhà Đại đoàn kết cho hộ nghèo", "Văn hóa – xã hội",
                    "Ủy ban Mặt trận Tổ quốc {place} trao {n3} suất hỗ trợ, mỗi suất 60 triệu đồng.",
                    "Kinh phí từ Quỹ Vì người nghèo, sự đóng góp của doanh nghiệp và ngày công của bà con."),
        NewsSubject("Thu hoạch lúa xuân đạt năng suất cao ở {place}", "Kinh tế",
                    "Năng suất lúa xuân của {place} ước đạt {n2} tạ/ha, tăng so với cùng kỳ.",
                    "Các hợp tác xã đưa máy gặt đập liên hợp vào đồng, giảm thất thoát sau thu hoạch."),
        NewsSubject("{name} ra quân tổng vệ sinh môi trường hưởng ứng Ngày Môi trường thế giới", "Văn hóa – xã hội",
                    "Hơn {n1} đoàn viên, hội viên thu gom rác thải, phát quang bụi rậm dọc các tuyến đường.",
                    "Các khu dân cư ký cam kết không đổ rác thải xuống kênh mương, suối."),
        NewsSubject("Đối thoại với nông dân về chính sách tích tụ ruộng đất tại {place}", "Kinh tế",
                    "{council} phối hợp Hội Nông dân đối thoại với {n1} hội viên.",
                    "Nông dân kiến nghị hỗ trợ giống, phân bón và tiêu thụ nông sản theo chuỗi giá trị."),
        NewsSubject("{name} tuyên truyền Luật Đất đai năm 2024 đến các khu dân cư", "Tin hoạt động",
                    "Hội nghị tuyên truyền thu hút {n1} người dân và cán bộ khu dân cư tham dự.",
                    "Báo cáo viên giới thiệu quy định mới về cấp giấy chứng nhận, bồi thường, hỗ trợ, tái định cư."),
        NewsSubject("Giao quân năm {year}: {place} tiễn {n3} thanh niên lên đường nhập ngũ", "Quốc phòng – an ninh",
                    "Lễ giao nhận quân của {place} diễn ra trang trọng, đúng quy định.",
                    "Các tân binh được tặng quà, động viên yên tâm hoàn thành nhiệm vụ."),
    ],
    "province": [
        NewsSubject("{name} công bố quyết định sáp nhập, thành lập xã, phường mới", "Tin hoạt động",
                    "Ngày {d}, UBND tỉnh tổ chức hội nghị công bố nghị quyết sắp xếp đơn vị hành chính cấp xã.",
                    "Sau sắp xếp, tỉnh có {n3}0 đơn vị hành chính cấp xã; chính quyền địa phương hai cấp vận hành từ 01/7/2025."),
        NewsSubject("Phú Thọ thu hút {n3} dự án đầu tư mới trong quý", "Kinh tế",
                    "Tổng vốn đăng ký của các dự án mới đạt {n1} tỷ đồng, tập trung vào công nghiệp chế biến.",
                    "Tỉnh tiếp tục cải thiện chỉ số năng lực cạnh tranh cấp tỉnh, rút ngắn thời gian giải quyết thủ tục."),
        NewsSubject("Giỗ Tổ Hùng Vương – Lễ hội Đền Hùng năm {year}", "Văn hóa – xã hội",
                    "Lễ hội diễn ra tại Khu di tích lịch sử Đền Hùng với {n1}0 nghìn lượt du khách.",
                    "Các hoạt động văn hóa gồm hát Xoan, rước kiệu, trưng bày sản vật các địa phương."),
        NewsSubject("UBND tỉnh Phú Thọ họp phiên thường kỳ tháng", "Tin hoạt động",
                    "Phiên họp đánh giá tình hình kinh tế – xã hội, giải ngân vốn đầu tư công đạt {n2}% kế hoạch.",
                    "Chủ tịch UBND tỉnh yêu cầu các sở, ngành tháo gỡ vướng mắc về giải phóng mặt bằng."),
        NewsSubject("Tỉnh Phú Thọ triển khai Đề án 06 về dữ liệu dân cư", "Kinh tế",
                    "{n2}% hồ sơ thủ tục hành chính được số hóa; {n1} nghìn tài khoản định danh điện tử được kích hoạt.",
                    "Các xã, phường kết nối cơ sở dữ liệu hộ tịch với cơ sở dữ liệu quốc gia về dân cư."),
        NewsSubject("Phú Thọ chủ động ứng phó mưa lũ, sạt lở đất", "Quốc phòng – an ninh",
                    "Ban Chỉ huy phòng thủ dân sự tỉnh yêu cầu các xã miền núi rà soát {n1} hộ dân ở vùng nguy cơ cao.",
                    "Lực lượng vũ trang sẵn sàng phương tiện cứu hộ tại các ngầm tràn, khu vực xung yếu."),
        NewsSubject("Hội nghị xúc tiến đầu tư, thương mại tỉnh Phú Thọ", "Kinh tế",
                    "Tỉnh trao chủ trương đầu tư cho {n3} dự án với tổng vốn {n1} tỷ đồng.",
                    "Nhà đầu tư quan tâm các khu công nghiệp phía Nam tỉnh và du lịch sinh thái vùng Xuân Sơn."),
        NewsSubject("Kỳ họp thứ {n3} HĐND tỉnh Phú Thọ khóa XIX", "Tin hoạt động",
                    "Kỳ họp thông qua các nghị quyết về đầu tư công trung hạn và chính sách hỗ trợ nông nghiệp.",
                    "Đại biểu chất vấn về chất lượng nước sinh hoạt nông thôn và tiến độ các công trình giao thông."),
    ],
    "agency": [
        NewsSubject("{name} trao giải Cuộc thi Sáng tạo thanh thiếu niên, nhi đồng tỉnh Phú Thọ", "Tin hoạt động",
                    "Cuộc thi nhận {n1} mô hình, sản phẩm dự thi của học sinh các trường trên địa bàn tỉnh.",
                    "Các giải pháp đoạt giải nhất được giới thiệu dự Cuộc thi toàn quốc."),
        NewsSubject("{name} hướng dẫn đăng ký đề tài khoa học cấp tỉnh năm {next_year}", "Thông báo",
                    "Các tổ chức, cá nhân gửi đề xuất nhiệm vụ khoa học và công nghệ trước ngày {n3}/10.",
                    "Ưu tiên nhiệm vụ ứng dụng công nghệ trong nông nghiệp, bảo tồn nguồn gen chè Shan, bưởi Đoan Hùng."),
        NewsSubject("Nghiệm thu đề tài bảo tồn nguồn gen bưởi Đoan Hùng", "Kinh tế",
                    "Hội đồng khoa học của {name} đánh giá đề tài đạt loại khá.",
                    "Đề tài tuyển chọn {n3} cây đầu dòng, xây dựng quy trình nhân giống bằng ghép mắt."),
        NewsSubject("{name} tập huấn an toàn thông tin cho cán bộ cơ sở", "Tin hoạt động",
                    "{n1} cán bộ phụ trách công nghệ thông tin của các xã, phường tham gia lớp tập huấn.",
                    "Nội dung gồm nhận diện thư điện tử lừa đảo, sao lưu dữ liệu và bảo vệ tài khoản quản trị."),
        NewsSubject("Phú Thọ phủ sóng di động 4G đến {n2}% khu dân cư", "Kinh tế",
                    "{name} phối hợp các doanh nghiệp viễn thông xóa vùng lõm sóng ở các xã miền núi.",
                    "{n3} trạm phát sóng mới được lắp đặt tại các thôn, bản vùng sâu."),
        NewsSubject("{name} kiểm tra đo lường, chất lượng xăng dầu", "Thông báo",
                    "Đoàn kiểm tra của {name} kiểm tra {n3} cửa hàng xăng dầu trên địa bàn tỉnh.",
                    "Các cột đo xăng dầu đều có chứng chỉ kiểm định còn hiệu lực; phát hiện {n3} trường hợp vi phạm niêm yết giá."),
        NewsSubject("Mạng bưu chính công cộng hỗ trợ người dân nộp hồ sơ trực tuyến", "Kinh tế",
                    "{name} triển khai dịch vụ tại {n1} điểm bưu điện văn hóa xã.",
                    "Nhân viên bưu điện hướng dẫn, nộp hộ hồ sơ và chuyển phát kết quả thủ tục hành chính đến tận nhà."),
        NewsSubject("{name} công bố sản phẩm khoa học và công nghệ tiêu biểu", "Tin hoạt động",
                    "{n3} sản phẩm của doanh nghiệp trong tỉnh được công nhận ứng dụng công nghệ mới.",
                    "Các doanh nghiệp được hỗ trợ đăng ký sở hữu trí tuệ và truy xuất nguồn gốc sản phẩm."),
    ],
}

# What one site has that no other site has (its own festival, crop, landmark): one item of each site.
LOCAL_NEWS: dict[str, NewsSubject] = {
    "sonhung": NewsSubject("Lễ hội đình Khu 12 xã Sơn Hùng thu hút đông đảo nhân dân", "Văn hóa – xã hội",
                           "Lễ hội có các trò chơi dân gian ném còn, đẩy gậy, kéo co của đồng bào Mường.",
                           "Ban tổ chức phục dựng nghi lễ rước nước từ suối Giày về đình."),
    "thucluyen": NewsSubject("Đình Thục Luyện đón bằng xếp hạng di tích lịch sử – văn hóa", "Văn hóa – xã hội",
                             "Lễ đón bằng kết hợp lễ hội truyền thống của đồng bào Mường xã Thục Luyện.",
                             "Nghệ nhân biểu diễn cồng chiêng, hát Ví, hát Rang trước sân đình."),
    "xuanson": NewsSubject("Homestay ở Xuân Sơn đón khách du lịch cộng đồng dịp cuối năm", "Kinh tế",
                           "Các nhà sàn ở vùng lõi Vườn quốc gia Xuân Sơn đón hơn 2.000 lượt khách.",
                           "Du khách trải nghiệm hang Lạng, thác Ngọc và ẩm thực của đồng bào Mường, Dao."),
    "sonvi": NewsSubject("Hội thảo khoa học về nền văn hóa Sơn Vi tại xã Sơn Vi", "Văn hóa – xã hội",
                         "Các nhà khảo cổ trao đổi về những phát hiện mới của văn hóa Sơn Vi thời đồ đá cũ.",
                         "Xã đề xuất xây dựng nhà trưng bày hiện vật khảo cổ học tại trung tâm xã."),
    "tienluong": NewsSubject("Chè Long Cốc Tiên Lương đạt chứng nhận OCOP 4 sao", "Kinh tế",
                             "Sản phẩm chè xanh Long Cốc của hợp tác xã được công nhận OCOP 4 sao.",
                             "Nghề đan lát truyền thống của xã cũng có sản phẩm giỏ mây được công nhận OCOP 3 sao."),
    "vanban": NewsSubject("Văn Bán phát triển chăn nuôi bò sinh sản tập trung", "Kinh tế",
                          "Mô hình chăn nuôi bò sinh sản của 45 hộ xã Văn Bán cho thu nhập ổn định.",
                          "Các hộ trồng cỏ voi trên đất đồi, liên kết với doanh nghiệp bao tiêu bê giống."),
    "vietri": NewsSubject("Phường Việt Trì chỉnh trang tuyến phố ven sông Lô", "Kinh tế",
                          "Tuyến phố đi bộ ven sông Lô của phường Việt Trì được lát đá, trồng cây xanh.",
                          "Các hộ kinh doanh cam kết không lấn chiếm vỉa hè, giữ gìn vệ sinh đô thị."),
    "laidong": NewsSubject("Xã Lai Đồng vận hành bộ máy sau hợp nhất Đồng Sơn và Tân Sơn", "Tin hoạt động",
                           "Bộ phận một cửa của xã Lai Đồng tiếp nhận hồ sơ tại cả hai điểm trụ sở cũ.",
                           "Cán bộ, công chức của hai xã cũ được bố trí theo vị trí việc làm mới."),
    "phutho": NewsSubject("Phú Thọ đón bằng UNESCO ghi danh Hát Xoan", "Văn hóa – xã hội",
                          "Hát Xoan Phú Thọ được ghi danh Di sản văn hóa phi vật thể đại diện của nhân loại.",
                          "Tỉnh duy trì 34 câu lạc bộ Xoan, truyền dạy cho thế hệ trẻ ở các phường xoan gốc."),
    "skhcn": NewsSubject("Sở Khoa học và Công nghệ vận hành Trung tâm giám sát an toàn thông tin tỉnh", "Tin hoạt động",
                         "Trung tâm SOC của tỉnh giám sát 24/7 các hệ thống thông tin của các cơ quan nhà nước.",
                         "Trung tâm tiếp nhận chức năng giám sát từ Sở Thông tin và Truyền thông trước đây."),
    "thanhson": NewsSubject("Huyện Thanh Sơn tổng kết 30 năm thực hiện chương trình 135", "Tin hoạt động",
                            "Chương trình giúp các xã đặc biệt khó khăn của huyện Thanh Sơn đầu tư hạ tầng thiết yếu.",
                            "Tỷ lệ hộ nghèo của huyện giảm bình quân 4% mỗi năm."),
    "camkhe": NewsSubject("Huyện Cẩm Khê vào mùa chè búp", "Kinh tế",
                          "Các đồi chè ven sông Thao của huyện Cẩm Khê cho sản lượng búp tươi cao.",
                          "Các cơ sở chế biến đầu tư máy sao, vò chè đạt tiêu chuẩn an toàn thực phẩm."),
    "dongson": NewsSubject("Đồng Sơn nạo vét suối Giày trước mùa mưa", "Tin hoạt động",
                           "Xã Đồng Sơn huy động 300 ngày công nạo vét suối Giày chống ngập úng.",
                           "Các khu dân cư ven suối rà soát phương án di dời khi có mưa lớn."),
    "tanson": NewsSubject("Tân Sơn chăm sóc đồi chè Shan tuyết", "Kinh tế",
                          "Xã Tân Sơn hướng dẫn bà con chăm sóc, thu hái chè Shan tuyết cổ thụ.",
                          "Sản phẩm chè Shan tuyết được đăng ký nhãn hiệu chứng nhận."),
}
# fmt: on


@dataclass(frozen=True)
class NewsItem:
    subject: NewsSubject
    numbers: dict[str, int]
    age_hours: int  # how long before now it was posted


def news_plan(slug: str, kind: str, count: int = NEWS_COUNT) -> list[NewsItem]:
    """The site's ``count`` news items, newest first: its own local subject among subjects of its kind's
    pool, each with its figures and its posting time (hours before the load)."""
    rng = chooser(slug, "news")
    pool = NEWS_POOL[pool_kind(kind)]
    subjects = rng.sample(pool, min(count, len(pool)))
    if slug in LOCAL_NEWS:
        subjects[rng.randrange(min(3, len(subjects)))] = LOCAL_NEWS[slug]
    items, age = [], rng.randrange(1, 20)
    for subject in subjects:
        numbers = {"n1": rng.randrange(12, 95), "n2": rng.randrange(52, 99), "n3": rng.randrange(2, 28)}
        items.append(NewsItem(subject, numbers, age))
        age += rng.randrange(20, 70)  # a new item every one to three days
    return items


# ------------------------------------------------------------------------------------------ documents
@dataclass(frozen=True)
class DocumentSpec:
    slug: str
    doc_type: str
    body: str  # issuing body (sites reference list)
    code: str  # the number's suffix: "QĐ-UBND" → "15/QĐ-UBND" (or "NQ/ĐU" → "03-NQ/ĐU")
    days: tuple[int, int]  # issued between … days ago
    summary: str  # placeholders: see ``place_words``
    signer: str  # title and {role} of ``officials`` (see ``document_signer``)
    sector: str
    status: str = "in_force"
    text: str = ""  # what only the attached file says


# The documents every site has (their slugs are what the other builders and the tests name: the signed
# decision, the tampered copy, the replaced regulation, the withdrawn decision, the draft …); each site's
# own numbers, dates and wording.
# fmt: off
CORE_DOCUMENTS = [
    DocumentSpec("qd-quy-che-cong-ttdt", "Quyết định", "Ban Biên tập cổng thông tin điện tử", "QĐ-BBT", (380, 460),
                 "Ban hành Quy chế hoạt động của Cổng thông tin điện tử {portal}", "Trưởng ban " + PINNED_SIGNER,
                 "Thông tin và truyền thông"),
    DocumentSpec("nq-ke-hoach-ktxh", "Nghị quyết", "Hội đồng nhân dân", "NQ-HĐND", (100, 140),
                 "Về kế hoạch phát triển kinh tế – xã hội {place} năm {year}", "Chủ tịch HĐND {secretary}",
                 "Tài chính"),
    DocumentSpec("kh-chuyen-doi-so", "Kế hoạch", "Ủy ban nhân dân", "KH-UBND", (50, 75),
                 "Kế hoạch chuyển đổi số {place} năm {year}", "Chủ tịch UBND {chair}",
                 "Thông tin và truyền thông"),
    DocumentSpec("cv-phong-chong-lut-bao", "Công văn", "Ủy ban nhân dân", "UBND-VP", (14, 26),
                 "Về việc chủ động ứng phó mưa lũ, sạt lở đất trên địa bàn {place}",
                 "Phó Chủ tịch UBND {vice_chair}", "Nông nghiệp"),
    DocumentSpec("tb-ket-luan-giao-ban", "Thông báo", "Ủy ban nhân dân", "TB-UBND", (6, 11),
                 "Kết luận của {head} tại cuộc họp giao ban tháng", "Chủ tịch UBND {chair}",
                 "Nội vụ"),
    DocumentSpec("qd-quy-che-cu", "Quyết định", "Ủy ban nhân dân", "QĐ-UBND", (800, 1000),
                 "Ban hành Quy chế làm việc của {council} (đã được thay thế)", "Chủ tịch UBND {chair}",
                 "Nội vụ", "replaced"),
    DocumentSpec("nq-an-toan-giao-thong", "Nghị quyết", "Đảng ủy", "NQ/ĐU", (180, 230),
                 "Về tăng cường bảo đảm trật tự an toàn giao thông trên địa bàn {place}",
                 "Bí thư Đảng ủy {secretary}", "Giao thông vận tải"),
    DocumentSpec("kh-mttq-van-dong", "Kế hoạch", "Ủy ban Mặt trận Tổ quốc Việt Nam", "KH-MTTQ", (80, 98),
                 "Tổ chức cuộc vận động Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh ở {place}",
                 "Chủ tịch UBMTTQ {front}", "Văn hóa, thể thao và du lịch"),
    DocumentSpec("qd-thu-hoi-mau", "Quyết định", "Ủy ban nhân dân", "QĐ-UBND", (40, 48),
                 "Phê duyệt danh sách hộ nghèo (đăng nhầm thông tin cá nhân)", "Chủ tịch UBND {chair}",
                 "Lao động, thương binh và xã hội"),
    DocumentSpec("du-thao-quy-dinh-rac-thai", "Quy định", "Ủy ban nhân dân", "", (3, 6),
                 "Dự thảo Quy định thu gom, phân loại rác thải sinh hoạt tại khu dân cư {place}", "—",
                 "Tài nguyên và môi trường", "not_yet"),
]

# Further documents, a few of them on each site (the reference regulations' lists of what each body posts).
EXTRA_DOCUMENTS = [
    DocumentSpec("qd-kien-toan-ban-chi-dao-ntm", "Quyết định", "Ủy ban nhân dân", "QĐ-UBND", (150, 300),
                 "Kiện toàn Ban Chỉ đạo xây dựng nông thôn mới {place}", "Chủ tịch UBND {chair}",
                 "Nông nghiệp", text="Ban Chỉ đạo gồm 15 thành viên; Phó Chủ tịch UBND làm Trưởng ban thường trực."),
    DocumentSpec("kh-phong-chay-rung", "Kế hoạch", "Ủy ban nhân dân", "KH-UBND", (30, 120),
                 "Phòng cháy, chữa cháy rừng mùa khô trên địa bàn {place}", "Phó Chủ tịch UBND {vice_chair}",
                 "Nông nghiệp", text="Tổ đội xung kích bảo vệ rừng trực tại chòi canh lửa từ 10 giờ đến 17 giờ."),
    DocumentSpec("ct-tiem-chung", "Chỉ thị", "Ủy ban nhân dân", "CT-UBND", (20, 90),
                 "Về tăng cường công tác tiêm chủng mở rộng cho trẻ em", "Chủ tịch UBND {chair}", "Y tế",
                 text="Trạm Y tế lập danh sách trẻ trong độ tuổi tiêm chủng của từng khu dân cư, hoàn thành trước quý III."),
    DocumentSpec("bc-ket-qua-6-thang", "Báo cáo", "Ủy ban nhân dân", "BC-UBND", (100, 170),
                 "Kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội 6 tháng đầu năm {year}",
                 "Chủ tịch UBND {chair}", "Tài chính",
                 text="Tổng sản lượng lương thực có hạt 6 tháng đạt 52% kế hoạch năm; thu ngân sách đạt 61% dự toán."),
    DocumentSpec("nq-du-toan-ngan-sach", "Nghị quyết", "Hội đồng nhân dân", "NQ-HĐND", (200, 340),
                 "Về dự toán thu, chi ngân sách {place} năm {year}", "Chủ tịch HĐND {secretary}", "Tài chính",
                 text="Dự toán chi đầu tư phát triển bố trí ưu tiên cho các công trình chuyển tiếp."),
    DocumentSpec("tb-lich-tiep-cong-dan", "Thông báo", "Ủy ban nhân dân", "TB-UBND", (10, 60),
                 "Lịch tiếp công dân định kỳ của {head}", "Chủ tịch UBND {chair}",
                 "Nội vụ", text="Chủ tịch UBND tiếp công dân định kỳ vào ngày 15 hằng tháng tại trụ sở tiếp công dân."),
    DocumentSpec("hd-phan-loai-rac", "Hướng dẫn", "Ủy ban nhân dân", "HD-UBND", (25, 110),
                 "Hướng dẫn phân loại chất thải rắn sinh hoạt tại nguồn", "Phó Chủ tịch UBND {vice_chair}",
                 "Tài nguyên và môi trường", text="Thùng màu xanh đựng chất thải thực phẩm, thùng màu vàng đựng chất thải tái chế."),
    DocumentSpec("kl-hoi-nghi-ban-chap-hanh", "Kết luận", "Đảng ủy", "KL/ĐU", (40, 130),
                 "Kết luận của Hội nghị Ban Chấp hành Đảng bộ {place} về công tác cán bộ",
                 "Bí thư Đảng ủy {secretary}", "Nội vụ",
                 text="Ban Chấp hành thống nhất quy hoạch cán bộ nhiệm kỳ 2025–2030 theo đúng quy trình."),
    DocumentSpec("ctr-giam-sat-mttq", "Chương trình", "Ủy ban Mặt trận Tổ quốc Việt Nam", "CTr-MTTQ", (60, 150),
                 "Chương trình giám sát và phản biện xã hội năm {year}", "Chủ tịch UBMTTQ {front}", "Nội vụ",
                 text="Giám sát việc thực hiện chính sách hỗ trợ hộ nghèo, hộ cận nghèo tại các khu dân cư."),
    DocumentSpec("qd-cong-nhan-khu-dan-cu-van-hoa", "Quyết định", "Ủy ban nhân dân", "QĐ-UBND", (15, 80),
                 "Công nhận danh hiệu Khu dân cư văn hóa năm {last_year}", "Chủ tịch UBND {chair}",
                 "Văn hóa, thể thao và du lịch",
                 text="Công nhận 9 khu dân cư đạt danh hiệu Khu dân cư văn hóa; mỗi khu được thưởng 1.000.000 đồng."),
    DocumentSpec("gm-hop-dan-khu-dan-cu", "Giấy mời", "Hội đồng nhân dân", "GM-HĐND", (2, 9),
                 "Mời dự tiếp xúc cử tri trước kỳ họp HĐND {place}", "Chủ tịch HĐND {secretary}", "Nội vụ",
                 text="Thời gian: 14 giờ; địa điểm: nhà văn hóa khu dân cư; thành phần: đại biểu HĐND và cử tri."),
    DocumentSpec("qc-tiep-cong-dan", "Quy chế", "Ủy ban nhân dân", "QC-UBND", (120, 360),
                 "Quy chế tiếp công dân, giải quyết khiếu nại, tố cáo", "Chủ tịch UBND {chair}", "Tư pháp",
                 text="Công chức tiếp công dân ghi đầy đủ nội dung vào sổ tiếp công dân và phần mềm quản lý."),
]
# fmt: on
EXTRA_DOCUMENT_COUNT = 4


def document_plan(slug: str) -> list[tuple[DocumentSpec, int, int]]:
    """(document, days since issued, its number) of every document of the site: the core ones, then
    ``EXTRA_DOCUMENT_COUNT`` of the further ones, each site its own choice, dates and numbers."""
    rng = chooser(slug, "documents")
    specs = CORE_DOCUMENTS + rng.sample(EXTRA_DOCUMENTS, EXTRA_DOCUMENT_COUNT)
    plan, taken = [], set()
    for spec in specs:
        days = rng.randint(*spec.days)
        # Numbered from 1 each year by each issuer: a later document has a higher number.
        day_of_year = 365 - days % 365
        number = max(1, day_of_year * rng.randrange(8, 30) // 100 + rng.randrange(1, 6))
        while (spec.code, number) in taken:  # one number of one issuer's series per document
            number += 1
        taken.add((spec.code, number))
        plan.append((spec, days, number))
    return plan


def document_number(spec: DocumentSpec, number: int) -> str:
    """``15/QĐ-UBND``, ``03-NQ/ĐU`` (the Party's style) or ``Dự thảo`` of a draft."""
    if not spec.code:
        return "Dự thảo"
    if "/" in spec.code:
        return f"{number:02d}-{spec.code}"
    return f"{number:02d}/{spec.code}"


def document_of(slug: str, document_slug: str) -> tuple[DocumentSpec, int, int]:
    """The site's plan of one document (its spec, days since issued, number)."""
    return next(row for row in document_plan(slug) if row[0].slug == document_slug)


# ------------------------------------------------------------------------------------------- projects
@dataclass(frozen=True)
class ProjectSpec:
    slug: str
    title: str  # placeholders: {where}, {where_short} (see ``place_words``)
    objective: str
    sector: str
    project_type: str
    years: tuple[int, int]  # start, end: years from the current one
    budget: int  # million đồng
    funding: str
    status: str
    donor: str = ""  # nhà tài trợ (ODA, sponsorship), distinct from the investor
    investor: str = ""  # chủ đầu tư when not the site's own council (a provincial project board)


# One of each group on each site: two public investments, a procurement, an investment call, a bid.
# fmt: off
PROJECT_POOL: dict[str, list[ProjectSpec]] = {
    "public_investment": [
        ProjectSpec("duong-lien-thon", "Cứng hóa đường giao thông liên thôn {where_short}",
                    "Nâng cấp 4,5 km đường bê tông phục vụ sản xuất và đi lại.", "Giao thông vận tải",
                    "public_investment", (-1, 0), 14500, "state_budget", "in_progress"),
        ProjectSpec("truong-mam-non", "Xây dựng trường mầm non trung tâm {where}",
                    "Xây mới 8 phòng học, nhà bếp một chiều đạt chuẩn quốc gia.", "Giáo dục",
                    "public_investment", (0, 1), 18900, "mixed", "preparing"),
        ProjectSpec("tram-y-te", "Cải tạo, nâng cấp Trạm Y tế {where}",
                    "Cải tạo khu khám bệnh, phòng tiêm chủng và khu điều trị ban ngày.", "Y tế",
                    "public_investment", (-1, 0), 7200, "oda", "in_progress",
                    "Ngân hàng Phát triển châu Á (ADB) — Dự án Phát triển y tế cơ sở"),
        ProjectSpec("kenh-muong-noi-dong", "Kiên cố hóa kênh mương nội đồng {where_short}",
                    "Kiên cố 3,2 km kênh mương tưới cho 120 ha lúa hai vụ.", "Nông nghiệp",
                    "public_investment", (-1, 0), 9800, "oda", "in_progress",
                    "Cơ quan Hợp tác quốc tế Nhật Bản (JICA)"),
        ProjectSpec("cau-treo", "Xây dựng cầu treo dân sinh qua suối {where_short}",
                    "Cầu dài 60 m cho người đi bộ, xe máy, thay thế ngầm tràn mùa lũ.", "Giao thông vận tải",
                    "public_investment", (0, 1), 5600, "oda", "preparing",
                    "Ngân hàng Thế giới (WB) — Dự án LRAMP"),
        ProjectSpec("nha-lop-hoc-tieu-hoc", "Xây dựng nhà lớp học 2 tầng trường tiểu học {where_short}",
                    "6 phòng học và phòng học bộ môn tin học, ngoại ngữ.", "Giáo dục",
                    "public_investment", (-2, -1), 6400, "state_budget", "completed"),
    ],
    "procurement": [
        ProjectSpec("nha-van-hoa", "Cải tạo nhà văn hóa các khu dân cư {where_short}",
                    "Sửa chữa, mua sắm trang thiết bị cho 6 nhà văn hóa.", "Văn hóa, thể thao và du lịch",
                    "procurement", (-2, -2), 2300, "state_budget", "completed"),
        ProjectSpec("mua-sam-may-tinh", "Mua sắm máy tính, thiết bị một cửa điện tử {where}",
                    "Trang bị 12 bộ máy tính, máy quét và màn hình tra cứu thủ tục hành chính.",
                    "Thông tin và truyền thông", "procurement", (-1, -1), 640, "mixed", "completed",
                    "Tập đoàn Công nghiệp – Viễn thông Quân đội (Viettel) tài trợ 30% giá trị thiết bị"),
        ProjectSpec("loa-truyen-thanh", "Mua sắm hệ thống truyền thanh thông minh {where}",
                    "Lắp đặt 24 cụm loa truyền thanh ứng dụng công nghệ thông tin – viễn thông.",
                    "Thông tin và truyền thông", "procurement", (0, 0), 1150, "state_budget", "in_progress"),
    ],
    "investment_call": [
        ProjectSpec("du-lich-sinh-thai", "Khu du lịch sinh thái cộng đồng {where_short}",
                    "Kêu gọi nhà đầu tư xây dựng khu du lịch sinh thái 25 ha.", "Văn hóa, thể thao và du lịch",
                    "investment_call", (0, 4), 120000, "private", "preparing"),
        ProjectSpec("cum-cong-nghiep", "Hạ tầng cụm công nghiệp {where_short}",
                    "Kêu gọi đầu tư hạ tầng cụm công nghiệp 48 ha gắn với chế biến nông, lâm sản.", "Công thương",
                    "investment_call", (1, 5), 350000, "ppp", "preparing"),
        ProjectSpec("nha-may-che-bien-che", "Nhà máy chế biến chè xanh {where_short}",
                    "Kêu gọi đầu tư nhà máy công suất 20 tấn búp tươi/ngày, liên kết vùng nguyên liệu.",
                    "Nông nghiệp", "investment_call", (0, 2), 85000, "private", "preparing"),
    ],
    "bidding": [
        ProjectSpec("goi-thau-cap-nuoc", "Gói thầu số 03: Hệ thống cấp nước sinh hoạt tập trung {where_short}",
                    "Xây lắp hệ thống cấp nước cho 450 hộ.", "Nông nghiệp", "bidding", (-1, 0), 6200, "oda",
                    "in_progress", "Ngân hàng Thế giới (WB) — Chương trình Nước sạch và vệ sinh nông thôn"),
        ProjectSpec("goi-thau-duong-noi-dong", "Gói thầu số 05: Đường giao thông nội đồng {where_short}",
                    "Xây lắp 2,8 km đường nội đồng phục vụ cơ giới hóa sản xuất.", "Giao thông vận tải",
                    "bidding", (0, 0), 3900, "oda", "in_progress", "Quỹ Quốc tế về Phát triển nông nghiệp (IFAD)"),
        ProjectSpec("goi-thau-trong-rung", "Gói thầu số 02: Trồng và chăm sóc rừng phòng hộ {where_short}",
                    "Trồng 60 ha rừng phòng hộ đầu nguồn, chăm sóc ba năm.", "Nông nghiệp", "bidding", (0, 2),
                    4700, "oda", "preparing", "Cơ quan Hợp tác quốc tế Hàn Quốc (KOICA)"),
    ],
}


# The province's own: provincial roads, hospitals, digital transformation, ODA programmes.
PROVINCE_PROJECT_POOL: dict[str, list[ProjectSpec]] = {
    "public_investment": [
        ProjectSpec("duong-tinh-316", "Nâng cấp, mở rộng đường tỉnh 316, {where}",
                    "Mở rộng 18 km mặt đường lên cấp III miền núi, xây mới 4 cầu, kết nối các xã phía Tây Nam tỉnh.",
                    "Giao thông vận tải", "public_investment", (-1, 1), 685000, "state_budget", "in_progress",
                    investor="Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"),
        ProjectSpec("benh-vien-da-khoa-tinh", "Xây dựng Khối điều trị nội trú Bệnh viện Đa khoa {where}",
                    "Khối nhà 9 tầng, 500 giường bệnh, khu hồi sức tích cực và trung tâm đột quỵ.", "Y tế",
                    "public_investment", (0, 2), 480000, "mixed", "preparing",
                    investor="Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh"),
        ProjectSpec("trung-tam-du-lieu-tinh", "Trung tâm dữ liệu và Trung tâm điều hành thông minh (IOC) {where}",
                    "Xây dựng trung tâm dữ liệu dùng chung của tỉnh, kết nối cơ sở dữ liệu quốc gia về dân cư và "
                    "giám sát, điều hành các lĩnh vực giao thông, y tế, giáo dục.", "Thông tin và truyền thông",
                    "public_investment", (-1, 1), 210000, "state_budget", "in_progress"),
        ProjectSpec("benh-vien-san-nhi", "Đầu tư trang thiết bị Bệnh viện Sản – Nhi {where}",
                    "Trang bị hệ thống chẩn đoán hình ảnh, đơn nguyên sơ sinh và phòng mổ đạt chuẩn.", "Y tế",
                    "public_investment", (-1, 0), 156000, "oda", "in_progress",
                    "Ngân hàng Phát triển châu Á (ADB) — Chương trình Tăng cường hệ thống y tế tuyến tỉnh"),
        ProjectSpec("ke-song-thao", "Kè chống sạt lở bờ sông Thao đoạn qua {where}",
                    "Kè 6,2 km bờ hữu sông Thao bảo vệ khu dân cư và quốc lộ; kết hợp đường cứu hộ, cứu nạn.",
                    "Nông nghiệp", "public_investment", (0, 2), 320000, "oda", "preparing",
                    "Ngân hàng Thế giới (WB) — Dự án Phát triển đô thị và hạ tầng thích ứng biến đổi khí hậu"),
        ProjectSpec("truong-thpt-chuyen", "Cải tạo, mở rộng Trường THPT Chuyên Hùng Vương, {where}",
                    "Xây mới nhà học bộ môn, nhà thi đấu đa năng và ký túc xá 300 chỗ.", "Giáo dục",
                    "public_investment", (-2, -1), 124000, "state_budget", "completed"),
    ],
    "procurement": [
        ProjectSpec("thiet-bi-y-te-tuyen-tinh", "Mua sắm thiết bị y tế cho các bệnh viện tuyến tỉnh {where}",
                    "Mua sắm máy chụp cắt lớp vi tính, máy siêu âm và hệ thống xét nghiệm tự động.", "Y tế",
                    "procurement", (-1, -1), 96000, "state_budget", "completed", investor="Sở Y tế tỉnh Phú Thọ"),
        ProjectSpec("nen-tang-so-hoa-tthc", "Thuê dịch vụ nền tảng số hóa hồ sơ thủ tục hành chính {where}",
                    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính của các sở, ngành và các xã, phường.",
                    "Thông tin và truyền thông", "procurement", (0, 1), 18500, "state_budget", "in_progress",
                    investor="Văn phòng UBND tỉnh Phú Thọ"),
        ProjectSpec("thiet-bi-day-hoc-thpt", "Mua sắm thiết bị dạy học tối thiểu cho các trường THPT {where}",
                    "Trang bị thiết bị dạy học theo Chương trình giáo dục phổ thông 2018 cho 38 trường.", "Giáo dục",
                    "procurement", (0, 0), 42000, "state_budget", "in_progress",
                    investor="Sở Giáo dục và Đào tạo tỉnh Phú Thọ"),
    ],
    "investment_call": [
        ProjectSpec("kcn-phu-ninh", "Hạ tầng kỹ thuật Khu công nghiệp Phù Ninh mở rộng, {where}",
                    "Kêu gọi đầu tư xây dựng, kinh doanh hạ tầng khu công nghiệp 430 ha.", "Công thương",
                    "investment_call", (1, 5), 3200000, "private", "preparing"),
        ProjectSpec("du-lich-khoang-nong", "Khu du lịch nghỉ dưỡng khoáng nóng Thanh Thủy, {where}",
                    "Kêu gọi đầu tư khu nghỉ dưỡng, chăm sóc sức khỏe 120 ha ven sông Đà.",
                    "Văn hóa, thể thao và du lịch", "investment_call", (0, 4), 2500000, "private", "preparing"),
        ProjectSpec("do-thi-ven-song-lo", "Khu đô thị sinh thái ven sông Lô, {where}",
                    "Kêu gọi đầu tư khu đô thị 185 ha theo hình thức đối tác công tư, gắn với kè và công viên.",
                    "Xây dựng", "investment_call", (1, 6), 4800000, "ppp", "preparing"),
    ],
    "bidding": [
        ProjectSpec("goi-thau-xl01-duong-ket-noi", "Gói thầu XL-01: Đường kết nối các vùng kinh tế {where}",
                    "Xây lắp 12 km đường cấp III và 2 cầu thuộc dự án kết nối giao thông vùng phía Tây tỉnh.",
                    "Giao thông vận tải", "bidding", (0, 2), 298000, "oda", "in_progress",
                    "Cơ quan Hợp tác quốc tế Nhật Bản (JICA)",
                    investor="Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"),
        ProjectSpec("goi-thau-cap-nuoc-lien-xa", "Gói thầu số 04: Hệ thống cấp nước sạch liên xã {where}",
                    "Xây lắp nhà máy nước công suất 6.000 m³/ngày đêm và mạng ống cấp nước cho 9 xã.", "Nông nghiệp",
                    "bidding", (-1, 0), 86000, "oda", "in_progress",
                    "Ngân hàng Thế giới (WB) — Chương trình Mở rộng quy mô vệ sinh và nước sạch nông thôn dựa trên "
                    "kết quả"),
        ProjectSpec("goi-thau-thiet-bi-ytdp", "Gói thầu số 02: Thiết bị xét nghiệm Trung tâm Kiểm soát bệnh tật {where}",
                    "Cung cấp, lắp đặt thiết bị xét nghiệm sinh học phân tử và hệ thống bảo quản vắc xin.", "Y tế",
                    "bidding", (0, 1), 38000, "oda", "preparing",
                    "Cơ quan Hợp tác quốc tế Hàn Quốc (KOICA)", investor="Sở Y tế tỉnh Phú Thọ"),
    ],
}

# The department's own (science and technology, standards and measurement, digital transformation).
AGENCY_PROJECT_POOL: dict[str, list[ProjectSpec]] = {
    "public_investment": [
        ProjectSpec("trung-tam-tieu-chuan-do-luong", "Nâng cao năng lực Trung tâm Kỹ thuật Tiêu chuẩn Đo lường "
                    "Chất lượng {where}",
                    "Đầu tư chuẩn đo lường, phòng thử nghiệm đạt ISO/IEC 17025 phục vụ kiểm định phương tiện đo.",
                    "Khoa học và công nghệ", "public_investment", (-1, 1), 45000, "state_budget", "in_progress"),
        ProjectSpec("trung-tam-soc", "Trung tâm giám sát, điều hành an toàn thông tin mạng (SOC) {where}",
                    "Giám sát 24/7 các hệ thống thông tin của cơ quan nhà nước, kết nối Trung tâm giám sát quốc gia.",
                    "Thông tin và truyền thông", "public_investment", (-1, 0), 32000, "state_budget", "in_progress"),
        ProjectSpec("trung-tam-doi-moi-sang-tao", "Trung tâm Hỗ trợ khởi nghiệp đổi mới sáng tạo {where}",
                    "Không gian làm việc chung, xưởng chế tạo mẫu và chương trình ươm tạo 20 dự án khởi nghiệp mỗi năm.",
                    "Khoa học và công nghệ", "public_investment", (0, 1), 38000, "oda", "preparing",
                    "Cơ quan Hợp tác quốc tế Hàn Quốc (KOICA) — Dự án Hỗ trợ hệ sinh thái khởi nghiệp"),
        ProjectSpec("phong-thi-nghiem-sinh-hoc", "Phòng thí nghiệm công nghệ sinh học {where}",
                    "Nuôi cấy mô, lưu giữ nguồn gen cây trồng đặc sản: chè Shan, bưởi Đoan Hùng, gà Mía.",
                    "Khoa học và công nghệ", "public_investment", (-2, -1), 26000, "state_budget", "completed"),
    ],
    "procurement": [
        ProjectSpec("thiet-bi-kiem-dinh", "Mua sắm thiết bị kiểm định phương tiện đo {where}",
                    "Chuẩn kiểm định cột đo xăng dầu, đồng hồ nước, cân ô tô và máy đo điện tim.",
                    "Khoa học và công nghệ", "procurement", (-1, -1), 7400, "state_budget", "completed"),
        ProjectSpec("nen-tang-ky-so", "Thuê dịch vụ hạ tầng điện toán đám mây cho cơ quan nhà nước {where}",
                    "Thuê máy chủ ảo, sao lưu dữ liệu cho cổng thông tin điện tử và hệ thống quản lý văn bản.",
                    "Thông tin và truyền thông", "procurement", (0, 1), 9600, "state_budget", "in_progress"),
        ProjectSpec("thiet-bi-thu-nghiem-chat-luong", "Mua sắm thiết bị thử nghiệm chất lượng sản phẩm {where}",
                    "Máy sắc ký, quang phổ hấp thụ nguyên tử kiểm tra chất lượng xăng dầu, phân bón, thực phẩm.",
                    "Khoa học và công nghệ", "procurement", (0, 0), 12800, "mixed", "in_progress"),
    ],
    "investment_call": [
        ProjectSpec("khu-cntt-tap-trung", "Khu công nghệ thông tin tập trung {where}",
                    "Kêu gọi đầu tư hạ tầng 50 ha cho doanh nghiệp phần mềm, nội dung số và trung tâm dữ liệu.",
                    "Thông tin và truyền thông", "investment_call", (1, 4), 1500000, "private", "preparing"),
        ProjectSpec("vuon-uom-cong-nghe-cao", "Vườn ươm doanh nghiệp nông nghiệp công nghệ cao {where}",
                    "Kêu gọi đầu tư vườn ươm 30 ha, nhà màng, phòng nuôi cấy mô và sàn giao dịch công nghệ.",
                    "Khoa học và công nghệ", "investment_call", (0, 3), 240000, "ppp", "preparing"),
    ],
    "bidding": [
        ProjectSpec("goi-thau-thiet-bi-phong-thu-nghiem", "Gói thầu số 06: Thiết bị phòng thử nghiệm vật liệu "
                    "xây dựng {where}",
                    "Cung cấp, lắp đặt, chuyển giao thiết bị thử nghiệm cơ lý vật liệu và đào tạo kỹ thuật viên.",
                    "Khoa học và công nghệ", "bidding", (0, 1), 14500, "oda", "in_progress",
                    "Cơ quan Hợp tác quốc tế Nhật Bản (JICA)"),
        ProjectSpec("goi-thau-nen-tang-du-lieu", "Gói thầu số 03: Nền tảng tích hợp, chia sẻ dữ liệu {where}",
                    "Xây dựng nền tảng tích hợp, chia sẻ dữ liệu (LGSP) kết nối các cơ sở dữ liệu chuyên ngành.",
                    "Thông tin và truyền thông", "bidding", (0, 1), 21000, "oda", "preparing",
                    "Ngân hàng Thế giới (WB) — Dự án Chuyển đổi số và hành chính điện tử"),
    ],
}
# fmt: on
PROJECT_POOLS = {"local": PROJECT_POOL, "province": PROVINCE_PROJECT_POOL, "agency": AGENCY_PROJECT_POOL}


def project_plan(slug: str, kind: str = "commune") -> list[tuple[ProjectSpec, int]]:
    """(project, budget) of the site's five projects from its kind's pool (a commune builds a village road,
    the province a provincial road): two public investments, a procurement, an investment call and a bid
    (an ODA project with its donor), each its own budget."""
    pool = PROJECT_POOLS[pool_kind(kind)]
    rng = chooser(slug, "projects")
    chosen = rng.sample(pool["public_investment"], 2)
    chosen += [rng.choice(pool[group]) for group in ("procurement", "investment_call", "bidding")]
    return [(spec, spec.budget * rng.randrange(70, 140) // 100) for spec in chosen]


# ------------------------------------------------------------------------------------------ questions
@dataclass(frozen=True)
class QuestionSpec:
    """A citizen's question (its topic one of the Q&A page's default topics) and the board's answer."""

    kind: str
    name: str
    address: str  # placeholders: {where}, {n}
    topic: str
    title: str
    body: str
    answer: str = ""
    unit: str = ""


# fmt: off
QUESTION_POOL = [
    QuestionSpec("individual", "Nguyễn Văn Hùng", "Khu {n}, {where}", "Đất đai",
                 "Thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất",
                 "Gia đình tôi có giấy chứng nhận quyền sử dụng đất cấp năm 1998, nay muốn cấp đổi sang mẫu mới thì "
                 "cần chuẩn bị những giấy tờ gì và nộp ở đâu?",
                 "Hồ sơ cấp đổi gồm: đơn đề nghị cấp đổi (Mẫu số 11/ĐK) và bản gốc giấy chứng nhận đã cấp. Ông nộp hồ sơ "
                 "tại Bộ phận tiếp nhận và trả kết quả của UBND xã hoặc nộp trực tuyến trên Cổng Dịch vụ công quốc gia. "
                 "Thời hạn giải quyết không quá 7 ngày làm việc.", "Công chức Địa chính – Xây dựng"),
    QuestionSpec("individual", "Trần Thị Mai", "Khu {n}, {where}", "Chính sách xã hội",
                 "Chế độ trợ cấp cho người cao tuổi từ 75 tuổi",
                 "Mẹ tôi năm nay 76 tuổi, không có lương hưu. Xin hỏi mẹ tôi có được hưởng trợ cấp xã hội hằng tháng "
                 "không?",
                 "Theo Luật Bảo hiểm xã hội 2024, người từ đủ 75 tuổi không có lương hưu, trợ cấp bảo hiểm xã hội hằng "
                 "tháng được hưởng trợ cấp hưu trí xã hội. Gia đình liên hệ công chức Văn hóa – Xã hội để được hướng "
                 "dẫn lập tờ khai.", "Công chức Văn hóa – Xã hội"),
    QuestionSpec("organisation", "Hợp tác xã Nông nghiệp {where_short}", "Xóm Đồng, {where}", "Thủ tục hành chính",
                 "Đăng ký nhãn hiệu tập thể cho sản phẩm chè {where_short}",
                 "Hợp tác xã muốn đăng ký nhãn hiệu tập thể cho sản phẩm chè của các thành viên. Xin hướng dẫn cơ quan "
                 "tiếp nhận và hồ sơ cần thiết.",
                 "Hồ sơ đăng ký nhãn hiệu tập thể nộp tại Cục Sở hữu trí tuệ; Sở Khoa học và Công nghệ hỗ trợ tư vấn và "
                 "kinh phí theo chương trình phát triển tài sản trí tuệ của tỉnh. Hợp tác xã cần xây dựng quy chế sử "
                 "dụng nhãn hiệu.", "Văn phòng HĐND và UBND"),
    QuestionSpec("individual", "Phùng Văn Toản", "Khu {n}, {where}", "Thủ tục hành chính",
                 "Đăng ký khai sinh cho con sinh ở tỉnh khác",
                 "Vợ tôi sinh cháu tại bệnh viện ở Hà Nội, hộ khẩu thường trú của gia đình ở địa phương. Tôi đăng ký khai "
                 "sinh cho cháu ở đâu?",
                 "Ông được đăng ký khai sinh tại UBND cấp xã nơi cư trú của cha hoặc mẹ. Hồ sơ gồm tờ khai và giấy chứng "
                 "sinh; có thể nộp trực tuyến qua Cổng Dịch vụ công quốc gia, kết quả trả ngay trong ngày.",
                 "Công chức Tư pháp – Hộ tịch"),
    QuestionSpec("individual", "Lò Văn Dũng", "Bản {n}, {where}", "Khác",
                 "Hỗ trợ trồng rừng sản xuất trên đất đồi",
                 "Gia đình tôi có 2 ha đất đồi muốn trồng keo. Nhà nước có hỗ trợ cây giống không?",
                 "Hộ gia đình trồng rừng sản xuất được hỗ trợ cây giống và phân bón theo Nghị định 58/2024/NĐ-CP. Ông "
                 "đăng ký với công chức Nông nghiệp – Môi trường trước ngày 30/3 để được tổng hợp.",
                 "Công chức Nông nghiệp – Môi trường"),
    QuestionSpec("individual", "Đỗ Thị Thanh", "Khu {n}, {where}", "Giáo dục, y tế",
                 "Miễn, giảm học phí cho con hộ cận nghèo",
                 "Con tôi học lớp 7, gia đình thuộc hộ cận nghèo. Cháu có được miễn học phí không?",
                 "Từ năm học 2025–2026 học sinh trung học cơ sở trường công lập được miễn học phí. Hộ cận nghèo còn được "
                 "hỗ trợ chi phí học tập; gia đình nộp đơn tại nhà trường kèm giấy chứng nhận hộ cận nghèo.",
                 "Công chức Văn hóa – Xã hội"),
    QuestionSpec("organisation", "Công ty TNHH Gỗ rừng trồng {where_short}", "Cụm công nghiệp, {where}",
                 "Thủ tục hành chính", "Hồ sơ đăng ký môi trường của xưởng chế biến gỗ",
                 "Xưởng bóc gỗ của công ty công suất nhỏ. Công ty phải lập giấy phép môi trường hay đăng ký môi trường?",
                 "Cơ sở thuộc đối tượng đăng ký môi trường với UBND cấp xã theo Luật Bảo vệ môi trường 2020. Công ty nộp "
                 "mẫu đăng ký môi trường tại Bộ phận một cửa; không phải nộp phí.", "Công chức Nông nghiệp – Môi trường"),
    QuestionSpec("individual", "Hà Thị Loan", "Khu {n}, {where}", "Chính sách xã hội",
                 "Thủ tục hưởng trợ cấp người khuyết tật",
                 "Con trai tôi khuyết tật vận động từ nhỏ. Gia đình cần làm gì để cháu được hưởng trợ cấp hằng tháng?",
                 "Gia đình đề nghị Hội đồng xác định mức độ khuyết tật cấp xã, sau đó lập hồ sơ đề nghị trợ cấp xã hội "
                 "theo Nghị định 20/2021/NĐ-CP. Trợ cấp được hưởng từ tháng Chủ tịch UBND ký quyết định.",
                 "Công chức Văn hóa – Xã hội"),
]
PENDING_POOL = [
    QuestionSpec("individual", "Hà Văn Sơn", "Khu {n}, {where}", "Xây dựng, quy hoạch",
                 "Cấp phép xây dựng nhà ở nông thôn",
                 "Nhà tôi ở nông thôn, xây nhà 2 tầng có phải xin giấy phép xây dựng không?"),
    QuestionSpec("individual", "Nguyễn Thị Hằng", "Khu {n}, {where}", "Xây dựng, quy hoạch",
                 "Lắp đèn chiếu sáng đường liên khu",
                 "Đoạn đường liên khu qua nhà tôi chưa có đèn chiếu sáng, buổi tối đi lại nguy hiểm. Khi nào xã lắp đèn?"),
    QuestionSpec("individual", "Triệu Văn Phúc", "Bản {n}, {where}", "Đất đai",
                 "Chuyển mục đích sử dụng đất vườn sang đất ở",
                 "Tôi muốn chuyển 100 m² đất vườn liền kề sang đất ở để làm nhà cho con. Thủ tục và tiền sử dụng đất thế nào?"),
]
# fmt: on


# The province's own: what citizens and firms ask the provincial departments (an address names the
# commune or ward the asker lives in).
# fmt: off
PROVINCE_QUESTION_POOL = [
    QuestionSpec("individual", "Phan Văn Tuấn", "Tổ dân phố {n}, phường Việt Trì, {where}", "Đất đai",
                 "Tiến độ bồi thường, giải phóng mặt bằng dự án nâng cấp đường tỉnh",
                 "Gia đình tôi có đất bị thu hồi để mở rộng đường tỉnh. Xin hỏi khi nào được phê duyệt phương án bồi "
                 "thường và giá đất bồi thường được tính theo bảng giá nào?",
                 "Giá đất bồi thường là giá đất cụ thể do UBND tỉnh quyết định tại thời điểm phê duyệt phương án, theo "
                 "Luật Đất đai năm 2024. Phương án bồi thường được niêm yết công khai 30 ngày tại trụ sở UBND xã, "
                 "phường nơi có đất trước khi trình phê duyệt.", "Sở Nông nghiệp và Môi trường"),
    QuestionSpec("organisation", "Công ty Cổ phần Chế biến nông sản Hùng Vương", "Khu công nghiệp Thụy Vân, {where}",
                 "Thủ tục hành chính", "Hồ sơ đề nghị cấp giấy phép môi trường của nhà máy",
                 "Nhà máy của công ty mở rộng công suất chế biến. Công ty nộp hồ sơ đề nghị cấp giấy phép môi trường ở "
                 "đâu và thời hạn giải quyết bao lâu?",
                 "Dự án thuộc thẩm quyền cấp giấy phép môi trường của UBND tỉnh theo Luật Bảo vệ môi trường năm 2020; "
                 "hồ sơ nộp qua Cổng Dịch vụ công quốc gia. Thời hạn cấp giấy phép không quá 30 ngày kể từ ngày nhận đủ "
                 "hồ sơ hợp lệ.", "Sở Nông nghiệp và Môi trường"),
    QuestionSpec("individual", "Lê Thị Ngọc Ánh", "Xã Sơn Hùng, {where}", "Giáo dục, y tế",
                 "Tuyển sinh lớp 10 trường trung học phổ thông chuyên của tỉnh",
                 "Con tôi học lớp 9 ở xã miền núi. Xin hỏi điều kiện dự tuyển vào trường chuyên của tỉnh và học sinh "
                 "dân tộc thiểu số có được cộng điểm ưu tiên không?",
                 "Học sinh tốt nghiệp trung học cơ sở, kết quả rèn luyện và học tập cả bốn năm đạt mức khá trở lên được "
                 "đăng ký dự tuyển. Điểm ưu tiên, khuyến khích áp dụng theo Quy chế tuyển sinh của Bộ Giáo dục và Đào "
                 "tạo và kế hoạch tuyển sinh hằng năm của tỉnh.", "Sở Giáo dục và Đào tạo"),
    QuestionSpec("individual", "Trịnh Văn Hải", "Xã Tiên Lương, {where}", "Giáo dục, y tế",
                 "Chuyển tuyến khám bệnh bảo hiểm y tế lên bệnh viện tuyến tỉnh",
                 "Tôi điều trị bệnh mạn tính. Khi lên khám tại Bệnh viện Đa khoa tỉnh tôi có cần giấy chuyển tuyến "
                 "không?",
                 "Theo Luật Bảo hiểm y tế sửa đổi năm 2024, người bệnh mắc một số bệnh mạn tính theo danh mục của Bộ "
                 "Y tế được khám, chữa bệnh tại cơ sở cấp chuyên sâu mà không cần giấy chuyển tuyến; các trường hợp khác "
                 "cần giấy chuyển tuyến của cơ sở khám bệnh ban đầu.", "Sở Y tế"),
    QuestionSpec("organisation", "Hợp tác xã Bưởi Đoan Hùng", "Xã Chí Đám, {where}", "Chính sách xã hội",
                 "Hỗ trợ lãi suất vay vốn phát triển sản xuất nông nghiệp theo chuỗi giá trị",
                 "Hợp tác xã liên kết với 60 hộ trồng bưởi. Xin hỏi điều kiện được hỗ trợ lãi suất vốn vay theo nghị "
                 "quyết của HĐND tỉnh?",
                 "Hợp tác xã có phương án sản xuất, liên kết tiêu thụ sản phẩm được UBND cấp xã xác nhận được hỗ trợ "
                 "lãi suất vốn vay thương mại theo chính sách khuyến khích phát triển nông nghiệp của tỉnh. Hồ sơ nộp "
                 "tại Bộ phận một cửa của UBND xã, phường nơi hợp tác xã đặt trụ sở.", "Sở Nông nghiệp và Môi trường"),
    QuestionSpec("individual", "Vi Thị Hồng", "Phường Phú Thọ, {where}", "Thủ tục hành chính",
                 "Thủ tục cấp giấy phép hành nghề khám bệnh, chữa bệnh",
                 "Tôi là điều dưỡng đã thực hành đủ thời gian tại bệnh viện. Tôi nộp hồ sơ đề nghị cấp giấy phép hành "
                 "nghề ở đâu?",
                 "Theo Luật Khám bệnh, chữa bệnh năm 2023, Sở Y tế cấp giấy phép hành nghề cho người hành nghề tại các "
                 "cơ sở trên địa bàn tỉnh (trừ cơ sở thuộc Bộ Y tế). Hồ sơ nộp trực tuyến trên Cổng Dịch vụ công quốc "
                 "gia.", "Sở Y tế"),
]
PROVINCE_PENDING_POOL = [
    QuestionSpec("individual", "Bùi Đức Thịnh", "Xã Thục Luyện, {where}", "Xây dựng, quy hoạch",
                 "Quy hoạch tuyến đường tỉnh mới đi qua đất ở của gia đình",
                 "Tuyến đường tỉnh theo quy hoạch tỉnh mới có đi qua khu đất gia đình tôi đang ở không? Tôi tra cứu "
                 "bản đồ quy hoạch ở đâu?"),
    QuestionSpec("individual", "Ngô Thị Phương", "Tổ dân phố {n}, phường Việt Trì, {where}", "Chính sách xã hội",
                 "Chính sách thu hút người có trình độ cao về công tác tại tỉnh",
                 "Tôi có bằng tiến sĩ ngành y. Tỉnh có chính sách hỗ trợ khi tôi về công tác tại bệnh viện tuyến tỉnh "
                 "không?"),
]

# The department's own: science and technology tasks, intellectual property, standards, measurement.
AGENCY_QUESTION_POOL = [
    QuestionSpec("organisation", "Hợp tác xã Chè Shan tuyết Xuân Sơn", "Xã Xuân Sơn, {where}", "Thủ tục hành chính",
                 "Đăng ký nhãn hiệu chứng nhận cho sản phẩm chè Shan tuyết",
                 "Hợp tác xã muốn được hỗ trợ xây dựng, đăng ký nhãn hiệu chứng nhận cho chè Shan tuyết. Ai là chủ sở "
                 "hữu nhãn hiệu và hồ sơ gửi cơ quan nào?",
                 "Theo Luật Sở hữu trí tuệ, chủ sở hữu nhãn hiệu chứng nhận mang địa danh là tổ chức được UBND tỉnh cho "
                 "phép đăng ký; đơn nộp tại Cục Sở hữu trí tuệ. Sở Khoa học và Công nghệ hướng dẫn xây dựng quy chế "
                 "quản lý, sử dụng nhãn hiệu và hỗ trợ kinh phí theo Chương trình phát triển tài sản trí tuệ của tỉnh.",
                 "Phòng Quản lý công nghệ và đổi mới sáng tạo"),
    QuestionSpec("organisation", "Công ty TNHH Cơ khí chính xác Việt Trì", "Khu công nghiệp Thụy Vân, {where}",
                 "Thủ tục hành chính", "Công bố hợp quy sản phẩm thép làm cốt bê tông",
                 "Công ty sản xuất thép cốt bê tông. Sản phẩm phải công bố hợp quy theo quy chuẩn nào và đăng ký bản "
                 "công bố ở đâu?",
                 "Thép làm cốt bê tông phải chứng nhận và công bố hợp quy theo QCVN 7:2019/BKHCN. Sau khi được tổ chức "
                 "chứng nhận đã đăng ký cấp giấy chứng nhận hợp quy, doanh nghiệp đăng ký bản công bố hợp quy tại Sở "
                 "Khoa học và Công nghệ nơi đăng ký kinh doanh; thời hạn tiếp nhận 05 ngày làm việc.",
                 "Chi cục Tiêu chuẩn Đo lường Chất lượng"),
    QuestionSpec("individual", "Đào Xuân Trường", "Phường Việt Trì, {where}", "Khác",
                 "Đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh",
                 "Tôi là giảng viên đại học, muốn đề xuất đề tài ứng dụng công nghệ sinh học trong nhân giống bưởi. "
                 "Thời hạn và mẫu đề xuất thế nào?",
                 "Tổ chức, cá nhân gửi phiếu đề xuất nhiệm vụ khoa học và công nghệ cấp tỉnh theo mẫu của Sở trước ngày "
                 "30/4 hằng năm. Hội đồng tư vấn xác định nhiệm vụ xem xét các đề xuất; danh mục được phê duyệt được "
                 "công bố để tuyển chọn, giao trực tiếp tổ chức chủ trì.", "Phòng Quản lý khoa học"),
    QuestionSpec("organisation", "Công ty Cổ phần Công nghệ Nông nghiệp Đất Tổ", "Phường Phong Châu, {where}",
                 "Thủ tục hành chính", "Cấp giấy chứng nhận doanh nghiệp khoa học và công nghệ",
                 "Công ty làm chủ quy trình sản xuất phân bón vi sinh do đề tài cấp tỉnh chuyển giao. Công ty có được "
                 "công nhận doanh nghiệp khoa học và công nghệ không?",
                 "Doanh nghiệp có kết quả khoa học và công nghệ được cơ quan có thẩm quyền đánh giá, thẩm định hoặc công "
                 "nhận được cấp giấy chứng nhận doanh nghiệp khoa học và công nghệ theo Nghị định 13/2019/NĐ-CP. Hồ sơ "
                 "nộp tại Sở Khoa học và Công nghệ nơi doanh nghiệp đặt trụ sở chính.",
                 "Phòng Quản lý công nghệ và đổi mới sáng tạo"),
    QuestionSpec("individual", "Tạ Thị Thu Hà", "Xã Sơn Vi, {where}", "Khác",
                 "Kiểm định cân dùng trong mua bán tại chợ",
                 "Tôi buôn bán nông sản tại chợ. Cân đồng hồ của tôi có phải kiểm định không và kiểm định ở đâu?",
                 "Cân dùng trong mua bán thuộc phương tiện đo nhóm 2, phải kiểm định ban đầu và định kỳ theo quy định "
                 "của Bộ Khoa học và Công nghệ. Người dân liên hệ Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng của "
                 "tỉnh hoặc tổ chức kiểm định được chỉ định; chợ bố trí cân đối chứng để người mua kiểm tra.",
                 "Chi cục Tiêu chuẩn Đo lường Chất lượng"),
    QuestionSpec("organisation", "Phòng khám đa khoa Hùng Vương", "Phường Việt Trì, {where}", "Giáo dục, y tế",
                 "Giấy phép tiến hành công việc bức xạ cho máy X-quang chẩn đoán",
                 "Phòng khám mới lắp máy X-quang chẩn đoán y tế. Phòng khám xin giấy phép sử dụng thiết bị ở đâu?",
                 "Cơ sở sử dụng thiết bị X-quang chẩn đoán trong y tế đề nghị Sở Khoa học và Công nghệ cấp giấy phép "
                 "tiến hành công việc bức xạ theo Nghị định 142/2020/NĐ-CP. Hồ sơ gồm báo cáo đánh giá an toàn, chứng "
                 "chỉ nhân viên bức xạ và kết quả kiểm định thiết bị.", "Phòng Quản lý công nghệ và đổi mới sáng tạo"),
]
AGENCY_PENDING_POOL = [
    QuestionSpec("individual", "Lưu Văn Kiên", "Xã Văn Bán, {where}", "Khác",
                 "Mã số, mã vạch cho sản phẩm OCOP",
                 "Cơ sở của tôi có sản phẩm mật ong được công nhận OCOP 3 sao. Đăng ký sử dụng mã số, mã vạch như thế "
                 "nào?"),
    QuestionSpec("organisation", "Công ty TNHH Phần mềm Đất Tổ", "Phường Việt Trì, {where}", "Thủ tục hành chính",
                 "Đăng ký hợp đồng chuyển giao công nghệ",
                 "Công ty nhận chuyển giao công nghệ sản xuất từ đối tác nước ngoài. Hợp đồng có phải đăng ký tại Sở "
                 "Khoa học và Công nghệ không?"),
]
# fmt: on
QUESTION_POOLS = {
    "local": (QUESTION_POOL, PENDING_POOL),
    "province": (PROVINCE_QUESTION_POOL, PROVINCE_PENDING_POOL),
    "agency": (AGENCY_QUESTION_POOL, AGENCY_PENDING_POOL),
}


def question_plan(slug: str, kind: str = "commune") -> tuple[list[QuestionSpec], QuestionSpec, list[int]]:
    """The site's three answered questions and its one waiting, from its kind's pool (a commune is asked
    about its village roads, the department about patents and standards), and the residential-area
    numbers of the askers."""
    answered_pool, pending_pool = QUESTION_POOLS[pool_kind(kind)]
    rng = chooser(slug, "questions")
    answered = rng.sample(answered_pool, 3)
    return answered, rng.choice(pending_pool), [rng.randrange(1, 16) for _ in range(4)]


def question_units(kind: str) -> list[str]:
    """The handling units of the Q&A of a site of ``kind``: those its pool's answers name, and the office
    that receives the questions."""
    answered_pool, _pending = QUESTION_POOLS[pool_kind(kind)]
    return sorted({spec.unit for spec in answered_pool} | {"Văn phòng HĐND và UBND"})


# --------------------------------------------------------------------------------------- work schedule
# weekday → the items one of which a site has that day: time, content, chair, participants, location.
# fmt: off
SCHEDULE_POOL = {
    0: [((8, 0), "Giao ban lãnh đạo đầu tuần", "Chủ tịch UBND", "Lãnh đạo, công chức chuyên môn", "Phòng họp số 1"),
        ((7, 30), "Chào cờ, giao ban đầu tuần", "Chủ tịch UBND", "Toàn thể cán bộ, công chức", "Sân trụ sở")],
    1: [((14, 0), "Tiếp công dân định kỳ", "Chủ tịch UBND", "Công chức Tư pháp – Hộ tịch", "Trụ sở tiếp công dân"),
        ((8, 0), "Họp xét duyệt hồ sơ hộ nghèo, hộ cận nghèo", "Phó Chủ tịch UBND", "Ban giảm nghèo",
         "Phòng họp số 2"),
        ((9, 0), "Làm việc với Hợp tác xã về tiêu thụ nông sản", "Phó Chủ tịch UBND", "Công chức Nông nghiệp",
         "Hợp tác xã")],
    2: [((8, 30), "Kiểm tra tiến độ xây dựng nông thôn mới", "Phó Chủ tịch UBND", "Ban quản lý", "Các thôn"),
        ((8, 0), "Kiểm tra công tác phòng, chống thiên tai ở khu dân cư", "Phó Chủ tịch UBND",
         "Ban Chỉ huy phòng thủ dân sự", "Các khu dân cư"),
        ((14, 0), "Hội nghị tuyên truyền Luật Đất đai", "Chủ tịch UBND", "Trưởng khu dân cư", "Hội trường")],
    3: [((9, 0), "Họp Ban Chỉ đạo chuyển đổi số", "Bí thư Đảng ủy", "Thành viên Ban Chỉ đạo", "Hội trường"),
        ((8, 0), "Hội nghị Ban Chấp hành Đảng bộ thường kỳ", "Bí thư Đảng ủy", "Ủy viên Ban Chấp hành",
         "Hội trường"),
        ((14, 0), "Kiểm tra tiến độ công trình trường mầm non", "Chủ tịch UBND", "Ban quản lý dự án",
         "Công trường")],
    4: [((15, 0), "Làm việc với đoàn kiểm tra của cấp trên", "Chủ tịch UBND", "Lãnh đạo các ban, ngành",
         "Phòng họp số 1"),
        ((8, 0), "Đối thoại với nhân dân về giải phóng mặt bằng", "Chủ tịch UBND", "Hộ dân có đất bị thu hồi",
         "Nhà văn hóa khu dân cư"),
        ((14, 30), "Họp giao ban khối nội chính", "Phó Chủ tịch UBND", "Công an, Quân sự, Tư pháp",
         "Phòng họp số 2")],
}
# A department has a director and deputies, a Party cell, an office and specialised divisions, not a commune's
# People's Committee chair, Fatherland Front or civil-status clerk: the position a commune's wording names →
# the department's (the schedule's chairs, the introduction's leaders, the contact directory).
AGENCY_POSITIONS = {
    "Chủ tịch UBND": "Giám đốc Sở", "Phó Chủ tịch UBND": "Phó Giám đốc Sở",
    "Chủ tịch Ủy ban nhân dân": "Giám đốc Sở", "Phó Chủ tịch Ủy ban nhân dân": "Phó Giám đốc Sở",
    "Chủ tịch": "Giám đốc Sở", "Phó Chủ tịch": "Phó Giám đốc Sở", "Bí thư Đảng ủy": "Bí thư Chi bộ",
    "Lãnh đạo Ủy ban nhân dân": "Lãnh đạo Sở", "Văn phòng": "Văn phòng Sở",
    "Công chức Văn phòng – Thống kê": "Chánh Văn phòng Sở",
    "Công chức Tư pháp – Hộ tịch": "Trưởng phòng Quản lý khoa học",
    "Công chức Địa chính – Xây dựng": "Trưởng phòng Bưu chính, Viễn thông",
    "Chủ tịch Ủy ban Mặt trận Tổ quốc": "Chủ tịch Công đoàn cơ quan",
    "Mặt trận Tổ quốc và các đoàn thể": "Công đoàn và các đoàn thể cơ quan",
}
# fmt: on


def position(text: str, kind: str) -> str:
    """The position (or unit) ``text`` of a commune's wording as a site of ``kind`` names it (a department: its own)."""
    return AGENCY_POSITIONS.get(text, text) if kind == "agency" else text


def schedule_plan(slug: str, kind: str) -> list[tuple[int, tuple[int, int], str, str, str, str]]:
    """The week's items of the site (weekday, time, content, chair, participants, location), one to two a day."""
    rng = chooser(slug, "schedule")
    items = []
    for weekday, options in SCHEDULE_POOL.items():
        for time, content, chair, participants, location in rng.sample(options, 1 + (rng.random() < 0.35)):
            items.append((weekday, time, content, position(chair, kind), participants, location))
    return sorted(items, key=lambda item: (item[0], item[1]))


# ------------------------------------------------------------------------------------------- officials
# Each site its own leaders and civil servants (their names in the introduction, the contact directory
# and the signatures of the documents), drawn from Vietnamese names by the site's seed. The editorial
# board's head who signs the board's decision is the same on every site (``PINNED_SIGNER``).
OFFICIAL_ROLES = ("secretary", "chair", "vice_chair", "front", "office", "justice", "land")
# fmt: off
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đinh", "Hà", "Bùi", "Đỗ", "Vũ", "Lò", "Phùng", "Cao", "Đặng",
            "Ngô", "Triệu", "Lương", "Đào"]
MIDDLE = {"male": ["Văn", "Quang", "Đức", "Minh", "Hữu", "Mạnh", "Xuân"],
          "female": ["Thị", "Thu", "Thanh", "Ngọc", "Hồng", "Minh"]}
GIVEN = {"male": ["Thắng", "Minh", "Hùng", "Long", "Khánh", "Tuấn", "Dũng", "Cường", "Hải", "Sơn", "Trung", "Thành",
                  "Bình", "Quyết", "Toàn"],
         "female": ["Hương", "Mai", "Trang", "Lan", "Hằng", "Thủy", "Hoa", "Nga", "Yến", "Linh", "Huyền", "Phương"]}
# fmt: on


ASKER_NAMES = frozenset(spec.name for pools in QUESTION_POOLS.values() for pool in pools for spec in pool)


def officials(slug: str) -> dict[str, str]:
    """role → full name (three words) of the site's officials: ``secretary`` (Bí thư, also Chủ tịch HĐND),
    ``chair`` / ``vice_chair`` (Chủ tịch / Phó Chủ tịch UBND), ``front`` (Chủ tịch UBMTTQ), ``office``,
    ``justice``, ``land`` (civil servants); distinct names, never the pinned signer's nor an asker's (an
    official named like an asker would read as the asker's personal data published)."""
    rng = chooser(slug, "officials")
    names: dict[str, str] = {}
    while len(names) < len(OFFICIAL_ROLES):
        gender = rng.choice(("male", "female"))
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        if name != PINNED_SIGNER and name not in ASKER_NAMES and name not in names.values():
            names[OFFICIAL_ROLES[len(names)]] = name
    return names


def document_signer(slug: str, spec: DocumentSpec) -> str:
    """Who signed the site's document: its title and the site's official of that role ("Chủ tịch UBND
    Đinh Thị Hương"), or the pinned signer of the board's decision."""
    return spec.signer.format(**officials(slug))
