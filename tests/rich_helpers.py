"""A rich body and the files it names, for tests of every format."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from helpers import write_series


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    """A real PNG (a red-and-white stripe), written with zlib so tests need no imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + (b"\xcc\x00\x00" if y % 10 < 5 else b"\xff\xff\xff") * width for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


RICH_BODY = r"""
**一、总体情况。**截至6月底，全市*重点任务*完成情况如下表。

表1 重点任务进展情况

| 序号 | 任务 | 责任单位 | 完成率 |
| :-: | --- | --- | --: |
| 1 | 老旧小区改造 | 市住建局 | 85% |
| 2 | **背街小巷**整治 | 市城管局 | 100% |

![图为督查组在现场检查施工进度](images/site.png)

督查发现的问题主要有：

- 进度不均衡，个别项目滞后；
- 资金拨付慢：
  1. 审批环节多；
  2. 配套资金未到位。

> 要以“钉钉子”精神抓好整改落实。

详见[市政府网站](https://www.example.gov.cn/dc?id=1&x=中)或来信 duban@example.gov.cn，系统名`OA-2`。整改期限为30日[^1]。

[^1]: 自通报印发之日起计算。
"""

RICH_ISSUE = f'''number = 3
date = 2024-06-28

[[articles]]
id = "ducha"
column = "工作动态"
title = "关于重点任务推进情况的督查通报"
body = """{RICH_BODY}"""
attachments = [{{ title = "重点任务清单", file = "fujian/qingdan.csv" }}]
'''


def write_rich_series(folder: Path) -> Path:
    write_series(folder, {"2024-03.toml": RICH_ISSUE})
    (folder / "images").mkdir()
    (folder / "images" / "site.png").write_bytes(png_bytes())
    (folder / "fujian").mkdir()
    (folder / "fujian" / "qingdan.csv").write_text("序号,任务\n1,老旧小区改造\n", encoding="utf-8")
    return folder
