"""Word tables the parsing steps share: frame-part titles and a document's page furniture."""

from __future__ import annotations

# Top parts that frame the plan rather than hold its tasks (extend freely).
FRAME_TITLES = (
    "总体要求", "指导思想", "基本原则", "工作原则", "工作目标", "主要目标", "总体目标", "目标要求",
    "组织实施", "保障措施", "组织保障", "工作保障", "工作要求", "实施步骤", "工作步骤", "进度安排",
    "时间安排", "组织领导", "有关要求", "其他事项", "附则",
)
