"""A synthetic series of realistic issues for benchmarks: Chinese text, several columns,
6-10 articles per issue, a series.toml with a colophon, 24 issues a year.

    python benchmarks/synthetic.py OUT_FOLDER [--issues 1000] [--seed 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

COLUMNS = ["工作动态", "经验交流", "基层声音", "理论学习", "简讯"]
PLACES = ["市南区", "市北区", "李沧区", "崂山区", "黄岛区", "城阳区", "即墨区", "胶州市", "平度市", "莱西市"]
TOPICS = ["新时代文明实践", "理论宣讲", "志愿服务", "美德健康生活方式", "基层治理", "营商环境", "全民阅读", "网络文明"]
VERBS = ["推进", "深化", "打造", "聚焦", "创新", "夯实", "拓展", "提升"]
SENTENCES = [
    "{place}坚持以学习宣传贯彻党的二十大精神为主线，深入推进{topic}工作，在阵地建设、活动形式、理论传播方面持续用力。",
    "围绕{topic}，{place}整合辖区资源力量，开展各类主题活动{n}余场次，服务群众{m}万余人次。",
    "会议指出，要{verb}{topic}品牌建设，推动形成上下联动、各方配合、社会各界广泛参与的良好工作格局。",
    "依托“{topic}”线上平台，设置志愿活动、实践阵地、志愿团队等{k}个版块，实现数据互通、内容互联。",
    "下一步，{place}将继续{verb}{topic}，及时总结推广有效做法和鲜活经验，展现基层群众的新生活新风貌。",
    "通过“点单式”送课、主题讲座、书画作品展等群众喜闻乐见的方式，让党的创新理论“飞入寻常百姓家”。",
]


def _paragraph(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(2, 5)):
        parts.append(rng.choice(SENTENCES).format(
            place=rng.choice(PLACES), topic=rng.choice(TOPICS), verb=rng.choice(VERBS),
            n=rng.randint(20, 5000), m=rng.randint(1, 90), k=rng.randint(3, 12)))
    return "".join(parts)


# --rich: one article in three also carries a table, a nested list and a figure
RICH_BLOCKS = """表1　主要指标完成情况

| 指标 | 单位 | 完成 | 同比 |
| --- | :-: | --: | --: |
| 文明实践活动 | 场 | 1,286 | 12.5% |
| 参与群众 | 万人次 | 36.4 | 8.1% |

![图为志愿者在社区开展文明实践活动](images/huodong.png)

主要做法：

- 建强阵地，做到“五有”；
- 建好队伍：
  1. 组建志愿服务队；
  2. 开展骨干培训。"""


def _article(rng: random.Random, issue: int, index: int, rich: bool = False) -> str:
    place, topic, verb = rng.choice(PLACES), rng.choice(TOPICS), rng.choice(VERBS)
    lines = [
        "[[articles]]",
        f'id = "a{issue}-{index}"',
        f'column = "{rng.choice(COLUMNS[:3])}"',
        f'title = "{place}{verb}{topic} 推动工作高质量发展"',
    ]
    if rng.random() < 0.2:
        lines.append(f'subtitle = "“{topic}”品牌正式上线"')
    paragraphs = []
    for p in range(rng.randint(3, 6)):
        text = _paragraph(rng)
        if p and rng.random() < 0.5:
            text = f"**{verb}{topic}，打造{rng.choice(PLACES)}样板。**{text}"
        paragraphs.append(text)
    if rich and rng.random() < 1 / 3:
        paragraphs.insert(1, RICH_BLOCKS)
    lines.append('body = """')
    lines.append("\n\n".join(paragraphs))
    lines.append('"""')
    lines.append(f'source = "{place}委宣传部"')
    return "\n".join(lines)


SERIES = '''#:schema ../schema/series.schema.json
name = "宣传信息专报"
issuer = "中共青岛市委宣传部"
columns = ["工作动态", "经验交流", "基层声音"]
numbering = "yearly"

[leader_box]

[colophon]
report_to = ["省委宣传部", "市委常委", "市人大常委会党组书记", "市政协党组书记"]
send_to = ["市直宣传文化系统各单位主要负责人", "各区（市）党委书记、宣传部长"]
distribute_to = ["市直宣传文化系统各单位", "各区（市）党委宣传部", "市委讲师团"]
handled_by = "政策法规研究室"
reviewer = "刘利兵"
editor = "耿海英"
phone = "85911016"
'''


def _png(width: int = 64, height: int = 40) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xc0\x40\x30" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def write_series(folder: Path, issues: int = 1000, seed: int = 0, rich: bool = False) -> Path:
    """Write ``issues`` issue files (24 a year from 2000) and a series.toml into ``folder``;
    ``rich``: a third of the articles also hold a table, a list and a figure."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    if rich:
        (folder / "images").mkdir(exist_ok=True)
        (folder / "images" / "huodong.png").write_bytes(_png())
    (folder / "series.toml").write_text(SERIES, encoding="utf-8")
    per_year = 24
    for i in range(issues):
        year, number = 2000 + i // per_year, i % per_year + 1
        date = dt.date(year, 1, 1) + dt.timedelta(days=(number - 1) * 15)
        articles = "\n\n".join(_article(rng, i, a, rich) for a in range(rng.randint(6, 10)))
        text = f"number = {number}\ndate = {date.isoformat()}\n\n{articles}\n"
        (folder / f"{year}-{number:02d}.toml").write_text(text, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_series(args.folder, args.issues, args.seed)
    print(f"wrote {args.issues} issues to {args.folder}")


if __name__ == "__main__":
    main()
