"""Answers about the policy document itself: who issued it, on what basis, until when, for whom, what it contains.

Such questions must never be answered with one measure's units (the issuer of a
notice is not the unit that handles one of its measures). Every fact comes from
the policy's meta.yml or its parsed text; a fact the text does not give (a
document number, an issuing date) is reported as not given, never filled in.
"""

from __future__ import annotations

import cn2an

from actions.conversation import followup, knowledge, question_cues
from actions.search.answer import measure_label


def _title() -> str:
    return f"《{knowledge.policy().title}》"


def _count() -> int:
    return len(knowledge.measures())


def _offer() -> str:
    return str(question_cues.cues().templates["list_offer"])


def _not_recorded(what: str) -> str:
    return f"政策库里没有记录这份文件的{what}。"


def issuer_answer() -> str:
    """The issuing body as the text states it, the addressees, and that each measure has its own units."""
    issuer, evidence = knowledge.meta("issuer"), knowledge.meta("issuer_evidence")
    if issuer:
        quoted = f"（原文写明“{evidence}”）" if evidence else ""
        lines = [f"{_title()}由{issuer}发布{quoted}。"]
    else:
        lines = [f"{_title()}：{_not_recorded('发文机关')}"]
    addressees = knowledge.meta("addressees")
    if addressees:
        lines.append(f"文件主送：{addressees}。")
    lines.append(number_and_date_line())
    lines.append("各条措施由不同的责任单位具体办理；问到某一条时我会告诉您对应的单位。")
    return "\n".join(lines)


def number_and_date_line() -> str:
    """The document number and date when meta.yml records them; otherwise that the text gives none."""
    number, issued = knowledge.meta("document_number"), knowledge.meta("issued_on")
    parts = [f"文号：{number}" if number else "", f"发布日期：{issued}" if issued else ""]
    known = "；".join(p for p in parts if p)
    missing = [name for name, value in (("文号", number), ("发布日期", issued)) if not value]
    line = known + "。" if known else ""
    if missing:
        line += f"原文没有写明本文件的{'和'.join(missing)}。"
    return line


def number_and_date_answer() -> str:
    lines = [f"{_title()}：{number_and_date_line()}"]
    validity_text = knowledge.meta("validity_text")
    if validity_text:
        lines.append(f"关于时间，原文只写了：“{validity_text}”。")
    basis = knowledge.meta("legal_basis")
    if basis:
        lines.append(f"文中引用的{basis}是它的制定依据，不是本文件的文号。")
    return "\n".join(lines)


def basis_answer() -> str:
    basis = knowledge.meta("legal_basis")
    if not basis:
        return f"{_title()}：{_not_recorded('制定依据')}"
    return f"{_title()}的制定依据：{basis}。"


def addressees_answer() -> str:
    addressees = knowledge.meta("addressees")
    if not addressees:
        return f"{_title()}：{_not_recorded('主送单位')}"
    return f"{_title()}主送：{addressees}。"


def validity_answer() -> str:
    return followup.validity_answer()


def supported_answer() -> str:
    supported = knowledge.meta("supported_enterprises")
    head = f"{_title()}的支持对象：{supported}。" if supported else f"{_title()}：{_not_recorded('支持对象')}"
    return "\n".join(
        [head, "每条措施还有各自写明的条件；告诉我具体事项，我可以把那一条的原文找给您。", knowledge.validity()]
    )


def count_answer() -> str:
    count = _count()
    template = str(question_cues.cues().templates["count"])
    return template.format(title=knowledge.policy().title, count=count, last=cn2an.an2cn(count)) + f"\n{_offer()}"


def list_answer() -> str:
    """Every measure's number and title, under its part heading when the policy has parts."""
    lines = [f"{_title()}共{_count()}条措施："]
    part = None
    for section in knowledge.measures():
        if section.part and section.part != part:
            part = section.part
            lines.append(f"【{part}】")
        lines.append(measure_label(section.number, section.title))
    lines.append("想了解哪一条，回复它的序号或事项即可。")
    lines.append(knowledge.validity())
    return "\n".join(line for line in lines if line)


def overview_answer() -> str:
    """What the document is: title, issuer, basis, who is supported, how many measures, until when."""
    lines = [f"这份文件是{_title()}。"]
    issuer, basis, supported = (knowledge.meta(k) for k in ("issuer", "legal_basis", "supported_enterprises"))
    if issuer:
        lines.append(f"发布：{issuer}。")
    if basis:
        lines.append(f"依据：{basis}。")
    if supported:
        lines.append(f"支持对象：{supported}。")
    lines.append(f"共{_count()}条措施。{_offer()}")
    lines.append(knowledge.validity())
    return "\n".join(line for line in lines if line)


def not_a_measure_answer(number: int) -> str:
    count = _count()
    template = str(question_cues.cues().templates["not_a_measure"])
    return template.format(title=knowledge.policy().title, count=count, last=cn2an.an2cn(count), number=number)


def units_overview_answer() -> str:
    """ "这个政策找谁" with no measure in view: the units depend on the measure, so ask which one."""
    return f"{_title()}的各条措施由不同的单位负责。{followup.which_measure_prompt()}"


def higher_level_answer() -> str:
    """ "国家和省的政策还算数吗": what the text says of other levels' policies, if it says anything."""
    said = knowledge.meta("higher_level_policies")
    head = f"{_title()}原文：{said}。" if said else f"{_title()}：{_not_recorded('国家和省级政策的执行')}"
    return "\n".join([head, knowledge.validity()])


ANSWERS = {
    "higher_level": higher_level_answer,
    "issuer": issuer_answer,
    "number_and_date": number_and_date_answer,
    "basis": basis_answer,
    "addressees": addressees_answer,
    "validity": validity_answer,
    "supported": supported_answer,
    "count": count_answer,
    "list": list_answer,
    "overview": overview_answer,
}


def document_answer(facet: str) -> str:
    """Every answer about the document says until when it ran ("一共多少条" too)."""
    text = ANSWERS.get(facet, overview_answer)()
    validity = knowledge.validity()
    return text if validity in text else f"{text}\n{validity}"
