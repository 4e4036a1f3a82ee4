"""Small hand-built plans for the compare tests."""

from __future__ import annotations

import datetime as dt

from cascade.model import Plan, Section, Task


def make_plan(pid: str, level: str, region: str, tasks: list[tuple], **extra) -> Plan:
    """A plan with one section per distinct section id; tasks are (id, title, text[, units])."""
    sections: dict[str, Section] = {}
    for spec in tasks:
        tid, title, text = spec[:3]
        units = list(spec[3]) if len(spec) > 3 else []
        sid = tid.split(".")[0]
        section = sections.setdefault(sid, Section(id=sid, number=f"（{sid}）", title=f"第{sid}部分"))
        section.tasks.append(Task(id=tid, number=tid.split(".")[-1] + ".", title=title, text=text,
                                  units=units))
    return Plan(id=pid, title=f"{region}实施方案", level=level, region=region,
                date=extra.pop("date", dt.date(2024, 1, 1)), sections=list(sections.values()),
                **extra)


PARENT_TASKS = [
    ("1.1", "着力提高政治能力",
     "始终坚持把党的政治建设摆在首位，加强行政执法队伍政治素质培训教育。加强基层行政执法单位党组织建设，充分发挥党建引领作用。",
     ["省司法厅", "省各行政执法部门"]),
    ("1.2", "加强业务学习培训",
     "各级行政执法部门要建立业务培训登记卡制度，确保每人每年接受不少于60学时的培训。原则上于2024年6月底前完成全员轮训。",
     ["省司法厅"]),
    ("2.3", "落实突出问题清单制度",
     "梳理本地区执法领域突出问题清单，形成专项整治台账。省各有关部门的专项整治台账要于2023年底前报省司法厅备案。",
     ["省司法厅", "省各行政执法部门"]),
    ("2.4", "完善行政执法监督制度",
     "推动及时修订《广东省行政执法监督条例》，规范监督程序。继续加强行政执法案卷评查、行政执法考核评议等工作。",
     ["省司法厅"]),
]
