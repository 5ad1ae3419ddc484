"""The check's result for a phone: one summary message, the details on request.

A WeChat passive reply is ONE message of at most 2048 bytes (UTF-8), and a
result of twenty bubbles is unreadable on a phone anyway. So the result is a
summary that always fits — SME verdict, scope, what applies and whom to
contact, what may apply, what is still unknown, the validity note and how to
ask for more — and the per-measure details are sent only when asked for
("详细" for all, a measure number for one).

The summary is rendered at decreasing levels of detail and the first that fits
is sent. What a reader can ask for again goes first (estimates, skipped
fields, titles of the general services, the missing fields); the applies list,
the units to contact and the validity note are never dropped.

Every policy fact shown here comes from data: titles and units from the parsed
text, the scope from meta.yml, the size standard's name from its YAML, and
per-measure wording for a status (e.g. that a `possible` measure is only
encouraged and needs negotiating) from the measure's `status_notes` in rules.yml.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import cn2an

from actions.conversation import knowledge, question_cues
from actions.conversation.check import definitions, remaining_questions
from actions.conversation.contacts import units_text
from actions.conversation.messages import MAX_BYTES, byte_len, split_all
from actions.eligibility import Evaluation, run
from actions.eligibility.data import load_yaml, standards_dir
from actions.eligibility.errors import RulesError
from actions.eligibility.fields import format_number
from actions.search.answer import measure_label

__all__ = [
    "SHOWN_STATUSES",
    "STATUS_LABELS",
    "definitions",
    "detail_messages",
    "estimate_line",
    "evaluate_profile",
    "first_measure",
    "format_result",
    "measure_block",
    "remaining_after",
    "summary_message",
]

logger = logging.getLogger(__name__)

# Generic names of the engine's statuses (no policy facts: those are in rules.yml).
STATUS_LABELS = {
    "applies": "可以享受",
    "possible": "可能享受",
    "general": "普遍适用的服务",
    "needs_info": "还需补充信息才能判断",
    "not_applicable": "不适用",
}
ICONS = {"applies": "✅", "possible": "🤝", "general": "📌", "needs_info": "❓", "not_applicable": "✖"}
# The order a reader wants: what they get, what they may get, what everyone gets, what is open.
SHOWN_STATUSES = ("applies", "possible", "general", "needs_info")
# Statuses whose units are "whom to contact" in the summary.
CONTACT_STATUSES = ("applies", "possible")


def evaluate_profile(profile: dict[str, Any]) -> Evaluation:
    """The default policy on today's date; ask_next is not needed for showing a result."""
    return run(profile, with_ask_next=False)


def remaining_after(state: Any) -> list[str]:
    """Questions that could still change the result for a CheckState."""
    return remaining_questions(state.profile, state.skipped)


def _labels(evaluation: Evaluation, names: list[str]) -> str:
    """Field labels joined by '；' (labels themselves contain '、')."""
    fields = evaluation.context.fields
    return "；".join(fields[name].label if name in fields else name for name in names)


@lru_cache(maxsize=256)
def _number(section: int) -> str:
    """The number in Chinese numerals in full-width brackets: the numbering the policy texts use."""
    return f"（{cn2an.an2cn(section)}）"


def estimate_line(estimate: dict[str, Any] | None) -> str:
    """ "<label>：约<amount><unit>（<formula>）" from the rules' estimate, or its own text without an amount."""
    if not estimate:
        return ""
    if estimate.get("amount") is not None:
        amount = format_number(estimate["amount"])
        return f"{estimate.get('label', '估算')}：约{amount}{estimate.get('unit', '')}（{estimate.get('formula', '')}）"
    return f"估算：{estimate.get('text', '')}"


def _estimate_short(estimate: dict[str, Any] | None) -> str:
    """ "<label>约<amount><unit>" for the summary: no formula, nothing when there is no amount."""
    if not estimate or estimate.get("amount") is None:
        return ""
    return f"{estimate.get('label', '估算')}约{format_number(estimate['amount'])}{estimate.get('unit', '')}"


def _items(evaluation: Evaluation) -> list[dict[str, Any]]:
    """The measures of to_dict(), each with its data `note` for its status (rules.yml status_notes)."""
    measures = evaluation.to_dict()["measures"]
    for item, (measure, _decision) in zip(measures, evaluation.assessment.decisions, strict=True):
        item["note"] = measure.status_notes.get(item["status"], "")
        item["label"] = _label(item["section"], item["title"])
        item["units_text"] = units_text(item["units"])
    return measures


@lru_cache(maxsize=256)
def _label(section: int, title: str) -> str:
    """measure_label, cached: the summary renders the same labels at every level."""
    return measure_label(section, title)


# ---------------------------------------------------------------- details (on request)


def measure_block(
    item: dict[str, Any], detailed: bool = True, *, evaluation: Evaluation | None = None, explain: bool = False
) -> str:
    """One measure: number and title, what it gives, estimate, units (or what is missing).

    `detailed` adds the estimate; `explain` adds the status and why (the reader asked
    for this one measure by number, so a not-applicable one says why not). The
    evaluation, when given, supplies the field labels of its own policy.
    """
    head = item.get("label") or measure_label(item["section"], item["title"])
    if explain:
        head += f"【{STATUS_LABELS.get(item['status'], item['status'])}】"
    lines = [head]
    if item.get("note"):
        lines.append(f"· 注意：{item['note']}")
    if item["status"] == "needs_info" and item["missing"] and not explain:  # explain: the reasons say it
        fields = evaluation.context.fields if evaluation else definitions()
        names = "；".join(fields[name].label if name in fields else name for name in item["missing"])
        lines.append(f"· 还需要了解：{names}")
    if item.get("benefit"):
        lines.append(f"· 内容：{item['benefit']}")
    estimate = estimate_line(item.get("estimate")) if detailed else ""
    if estimate:
        lines.append(f"· {estimate}")
    if explain and item["reasons"]:
        lead = "不适用的原因" if item["status"] == "not_applicable" else "说明"
        lines.append(f"· {lead}：" + "；".join(r.rstrip("。") for r in item["reasons"]) + "。")
    lines.append(f"· 找：{item.get('units_text') or units_text(item['units'])}")
    return "\n".join(lines)


def shown_measures(evaluation: Evaluation) -> list[int]:
    """The measures "详细" would show (applying, possible or general)."""
    return [item["section"] for item in _items(evaluation) if item["status"] in SHOWN_STATUSES]


def detail_messages(evaluation: Evaluation, sections: list[int] | None = None) -> list[str]:
    """Per-measure details as messages of at most 2048 bytes each, short neighbours joined.

    sections=None: every shown measure, grouped by status (what "详细" asks for).
    A list: those measures in that order, each with its status and why — so a
    not-applicable measure named explicitly gets its reason. Numbers the policy
    does not have are said, not silently dropped. The validity note ends the reply.
    """
    items = _items(evaluation)
    texts: list[str] = []
    if sections is None:
        for status in SHOWN_STATUSES:
            group = [item for item in items if item["status"] == status]
            if group:
                blocks = [measure_block(item, status != "general", evaluation=evaluation) for item in group]
                texts.append(f"{ICONS[status]} {STATUS_LABELS[status]}（{len(group)}条）\n\n" + "\n\n".join(blocks))
        if not texts:
            reasons = "；".join(evaluation.assessment.scope_reasons) or "按您提供的情况，各条措施都不适用"
            example = f"（如“第{cn2an.an2cn(items[0]['section'])}条”）" if items else ""
            texts.append(f"{reasons}。回复条号{example}可查看某一条的原因。")
    else:
        by_section = {item["section"]: item for item in items}
        for section in dict.fromkeys(sections):
            if section in by_section:
                texts.append(measure_block(by_section[section], evaluation=evaluation, explain=True))
            else:
                texts.append(f"本政策没有第{_number(section)}条（共{len(items)}条）。")
    texts.append(knowledge.validity(evaluation.as_of))
    return split_all([text for text in texts if text])


# ---------------------------------------------------------------- the one-message summary


@dataclass(frozen=True)
class _Detail:
    """How much the summary says; the levels below trade these off until the message fits."""

    header_short: bool = False
    sme_basis: bool = True
    estimates: bool = True
    item_style: str = "label"  # label: 第（N）条“title” | title: （N）title | number: （N）
    units: str = "per_measure"  # per_measure | merged | plain (merged, without configured contact details)
    general: str = "titles"  # titles | numbers | count
    missing_fields: int = 3  # top missing fields named; 0 = only the count
    skipped: bool = True
    not_applicable: bool = True
    hints_short: bool = False


# Cumulative steps, least useful detail first. Never touched: validity, applies list, units.
_STEPS: tuple[dict[str, Any], ...] = (
    {},
    {"skipped": False, "not_applicable": False},
    {"estimates": False, "header_short": True},
    {"general": "numbers"},
    {"units": "merged"},
    {"missing_fields": 1},
    {"hints_short": True},
    {"item_style": "title"},
    {"general": "count", "missing_fields": 0},
    {"item_style": "number"},
    {"sme_basis": False},
    {"units": "plain"},
)


def _levels() -> list[_Detail]:
    levels, detail = [], _Detail()
    for step in _STEPS:
        detail = dataclasses.replace(detail, **step)
        levels.append(detail)
    return levels


LEVELS = _levels()


def _standard_title(evaluation: Evaluation) -> str:
    """The size standard's name from its YAML (`title`), '' when absent (then no 《》 is shown).

    Read here because the engine's SizeStandard keeps only what classification needs.
    """
    return _title_in(evaluation.context.document.folder.parent, evaluation.context.rules.size_standard)


@lru_cache(maxsize=8)
def _title_in(corpus_dir: Path, name: str) -> str:
    try:
        data = load_yaml((standards_dir(corpus_dir) / name).resolve())
    except RulesError:
        return ""
    return str(data.get("title") or "") if isinstance(data, dict) else ""


def _sme_basis(evaluation: Evaluation) -> str:
    """The short basis: the industry's metrics against its large-enterprise bound.

    'One metric below the large bound proves SME status', so for an SME only the
    metrics below it are named; for a large enterprise every metric at or above.
    """
    sme = evaluation.assessment.sme
    standard = evaluation.context.standard
    industry = evaluation.profile.get("industry")
    if sme.status == "unknown":
        return ""
    if industry is None or industry not in standard.industries:
        return "按各行业标准结论相同"
    large = standard.classes[0]
    parts = []
    for metric, bounds in standard.industries[industry].items():
        value = evaluation.profile.get(metric)
        if value is None:
            continue
        below = value < bounds[large.key]
        if below == (sme.status == "yes"):
            unit = standard.metrics[metric].get("unit", "")
            sign = "＜" if below else "≥"
            parts.append(f"{standard.metric_value(metric, value)}{sign}{format_number(bounds[large.key])}{unit}")
    return f"{industry}{'、'.join(parts)}（{large.label}企业标准）" if parts else ""


def sme_line(evaluation: Evaluation, basis: bool = True) -> str:
    """The SME verdict on one line: size class, then the short basis against the named standard."""
    sme = evaluation.assessment.sme
    verdict = {"yes": "属于中小企业", "no": "不属于中小企业", "unknown": "暂不能确定是否属于中小企业"}[sme.status]
    line = f"企业规模：{verdict}" + (f"（{sme.size}）" if sme.size else "")
    if sme.status == "unknown" and sme.missing:
        return f"{line}，还需要：{_labels(evaluation, sme.missing)}"
    short = _sme_basis(evaluation) if basis else ""
    if short:
        title = _standard_title(evaluation)
        line += "——" + (f"依据《{title}》，" if title else "") + short
    return line


def scope_line(evaluation: Evaluation) -> str:
    """The scope gate: met (with the supported enterprises from meta.yml), not met (why), or open."""
    result = evaluation.assessment
    document = evaluation.context.document
    scope = evaluation.context.rules.scope
    supported = str(document.meta.get("supported_enterprises") or (scope.label if scope else ""))
    named = f"（{supported}）" if supported else ""
    if result.in_scope is True:
        return f"支持对象：符合{named}"
    if result.in_scope is False:
        return "支持对象：不符合。" + "；".join(result.scope_reasons) + "。因此各条措施都不适用。"
    missing = f"，还需要：{_labels(evaluation, result.scope_missing)}" if result.scope_missing else ""
    return f"支持对象{named}：尚未确定{missing}"


def _item_text(item: dict[str, Any], detail: _Detail) -> str:
    if detail.item_style == "number":
        return _number(item["section"])
    if detail.item_style == "title":
        return f"{_number(item['section'])}{item['title']}"
    extras = [item["note"]] if item.get("note") else []
    estimate = _estimate_short(item.get("estimate")) if detail.estimates else ""
    if estimate:
        extras.append(estimate)
    return item["label"] + (f"（{'，'.join(extras)}）" if extras else "")


def _units(items: list[dict[str, Any]], with_contacts: bool = True) -> str:
    """Units of the measures, merged in order of first mention, each once."""
    merged = list(dict.fromkeys(unit for item in items for unit in item["units"]))
    return units_text(merged) if with_contacts else "、".join(merged)


def _listing(status: str, items: list[dict[str, Any]], detail: _Detail) -> str:
    """ "✅ 可以享受（2条）：" and the measures, one per line at full detail, else on one line."""
    head = f"{ICONS[status]} {STATUS_LABELS[status]}（{len(items)}条）："
    if detail.item_style == "label":
        lines = [head]
        for item in items:
            lines.append(f"· {_item_text(item, detail)}")
            if detail.units == "per_measure" and status in CONTACT_STATUSES:
                lines.append(f"  找：{item['units_text']}")
        return "\n".join(lines)
    separator = "" if detail.item_style == "number" else "；"
    text = head + separator.join(_item_text(item, detail) for item in items)
    if status == "possible" and detail.item_style == "title":
        notes = list(dict.fromkeys(item["note"] for item in items if item.get("note")))
        text += f"（{'；'.join(notes)}）" if notes else ""
    return text


def _general(items: list[dict[str, Any]], detail: _Detail) -> str:
    if detail.general == "count":
        return f"{ICONS['general']} 另有{STATUS_LABELS['general']}{len(items)}条"
    style = "title" if detail.general == "titles" else "number"
    separator = "；" if style == "title" else ""
    texts = [_item_text(item, dataclasses.replace(detail, item_style=style)) for item in items]
    return f"{ICONS['general']} {STATUS_LABELS['general']}（{len(items)}条）：" + separator.join(texts)


def top_missing(evaluation: Evaluation, skipped: list[str], limit: int) -> list[str]:
    """The fields that would settle most open questions: the scope's first, then by how many
    undecided measures need them (field order breaks ties). Skipped fields are not asked again."""
    order = {name: i for i, name in enumerate(evaluation.context.fields)}
    counts: Counter[str] = Counter()
    for _measure, decision in evaluation.assessment.decisions:
        if decision.status == "needs_info":
            counts.update(dict.fromkeys(decision.missing, 1))
    ranked = sorted(counts, key=lambda name: (-counts[name], order.get(name, len(order))))
    names = [*evaluation.assessment.scope_missing, *ranked]
    return [name for name in dict.fromkeys(names) if name not in skipped][:limit]


def _needs_info(evaluation: Evaluation, items: list[dict[str, Any]], missing: list[str], detail: _Detail) -> str:
    text = f"{ICONS['needs_info']} {STATUS_LABELS['needs_info']}：{len(items)}条"
    names = missing[: detail.missing_fields]
    if names:
        text += f"，最需要了解：{_labels(evaluation, names)}"
    return text


def _example(items: list[dict[str, Any]]) -> int | None:
    """The number the hints use as their example: the first measure the reader is shown."""
    for status in SHOWN_STATUSES:
        for item in items:
            if item["status"] == status:
                return item["section"]
    return None


def _hints(items: list[dict[str, Any]], more_questions: bool, short: bool) -> str:
    """How to go on: details for all or one measure, another round of questions, a person."""
    example = _example(items)
    if short:
        parts = ["回复“详细”看全部"]
        if example:
            parts.append(f"回复条号（如“{example}”）看某条")
        if more_questions:
            parts.append("“继续”补充信息")
        parts.append("“转人工”找人工服务")
        return "，".join(parts) + "。"
    if example:
        one = f"回复条号（如“{example}”或“第{cn2an.an2cn(example)}条找谁办”）只看那一条"
        lines = [f"回复“详细”查看每条的内容、估算和办理单位；{one}。"]
    else:
        first = f"（如“第{cn2an.an2cn(items[0]['section'])}条”）" if items else ""
        lines = [f"回复条号{first}可查看某一条不适用的原因。"]
    if more_questions:
        lines.append("回复“继续”再回答几个问题，结果会更完整。")
    lines.append("需要人工服务请回复“转人工”。")
    return "\n".join(lines)


class _Pieces:
    """What every level repeats (verdict, scope, validity, labels), computed once per summary."""

    def __init__(self, evaluation: Evaluation, items: list[dict[str, Any]], skipped: list[str]) -> None:
        self.sme = {basis: sme_line(evaluation, basis) for basis in (True, False)}
        self.scope = scope_line(evaluation)
        self.validity = knowledge.validity(evaluation.as_of)
        self.skipped = _labels(evaluation, skipped) if skipped else ""
        self.missing = top_missing(evaluation, skipped, max(level.missing_fields for level in LEVELS))
        contacts = [item for item in items if item["status"] in CONTACT_STATUSES]
        self.units = {plain: _units(contacts, with_contacts=not plain) for plain in (True, False)}


def _render(
    evaluation: Evaluation,
    items: list[dict[str, Any]],
    pieces: _Pieces,
    more_questions: bool,
    detail: _Detail,
) -> str:
    document = evaluation.context.document
    title = (document.meta.get("short_title") if detail.header_short else None) or document.title
    blocks = [f"📋 评估结果（依据《{title}》）\n{pieces.sme[detail.sme_basis]}\n{pieces.scope}"]
    by_status = {status: [item for item in items if item["status"] == status] for status in STATUS_LABELS}
    lists = []
    for status in ("applies", "possible"):
        if by_status[status]:
            lists.append(_listing(status, by_status[status], detail))
    contacts = [item for status in CONTACT_STATUSES for item in by_status[status]]
    if contacts and (detail.units != "per_measure" or detail.item_style != "label"):
        lists.append(f"📞 找谁办：{pieces.units[detail.units == 'plain']}")
    if lists:
        blocks.append("\n".join(lists))
    rest = []
    if by_status["general"]:
        rest.append(_general(by_status["general"], detail))
    if by_status["needs_info"]:
        rest.append(_needs_info(evaluation, by_status["needs_info"], pieces.missing, detail))
    if detail.not_applicable and by_status["not_applicable"] and evaluation.assessment.in_scope is not False:
        rest.append(f"按您提供的情况不适用：{len(by_status['not_applicable'])}条")
    if detail.skipped and pieces.skipped:
        rest.append(f"您没有回答（不清楚/跳过）的：{pieces.skipped}")
    if rest:
        blocks.append("\n".join(rest))
    blocks.append(pieces.validity)
    blocks.append(_hints(items, more_questions, detail.hints_short))
    return "\n\n".join(block for block in blocks if block)


def _last_resort(text: str, contacts: list[dict[str, Any]], limit: int) -> str:
    """Cut the merged unit list (never the rest) to fit; only absurd contact data gets here."""
    units = list(dict.fromkeys(unit for item in contacts for unit in item["units"]))
    full = "、".join(units)
    for keep in range(len(units) - 1, 0, -1):
        shorter = text.replace(full, "、".join(units[:keep]) + f"等{len(units)}个单位（回复“详细”看全部）")
        if byte_len(shorter) <= limit:
            return shorter
    logger.error("summary of %d bytes cut to the channel cap", byte_len(text))
    encoded = text.encode("utf-8")[:limit]
    return encoded.decode("utf-8", errors="ignore")


def summary_message(
    evaluation: Evaluation, skipped: list[str] | None = None, more_questions: bool = False, limit: int = MAX_BYTES
) -> str:
    """The whole result as ONE message of at most `limit` UTF-8 bytes (WeChat's passive-reply cap).

    Renders at decreasing levels of detail (LEVELS) and returns the first that fits,
    so a typical enterprise gets titles, estimates and units per measure, and an
    enterprise with twenty applying measures still gets every number and every unit.
    """
    skipped = list(skipped or [])
    items = _items(evaluation)
    pieces = _Pieces(evaluation, items, skipped)
    text = ""
    for detail in LEVELS:
        text = _render(evaluation, items, pieces, more_questions, detail)
        if byte_len(text) <= limit:
            return text
    contacts = [item for item in items if item["status"] in CONTACT_STATUSES]
    return _last_resort(text, contacts, limit)


def format_result(evaluation: Evaluation, skipped: list[str] | None = None, more_questions: bool = False) -> list[str]:
    """The result as messages for the check's action: now the one summary message.

    Kept for actions_check.py; the details are detail_messages(), sent on request.
    """
    return [summary_message(evaluation, skipped, more_questions)]


def first_measure(evaluation: Evaluation) -> int | None:
    """The measure a follow-up most likely means after a result: the first that applies."""
    for status in ("applies", "possible", "needs_info"):
        for measure, decision in evaluation.assessment.decisions:
            if decision.status == status:
                return measure.section
    return None


def _own_fields(evaluation: Evaluation) -> dict[int, set[str]]:
    """Each measure's own condition fields (not the scope's)."""
    return {
        m.section: set().union(*(o.when.fields() for o in m.outcomes if o.when is not None))
        for m, _ in evaluation.assessment.decisions
    }


def _kept_open(profile: dict[str, Any], evaluation: Evaluation) -> set[int]:
    """Measures still open (needs_info) that a yes/no fact told decides the other way round: the
    fact is one of their conditions and meets it ("开孵化器的" keeps open the measure for
    incubators that cut their tenants' rent)."""
    open_now = {m.section for m, d in evaluation.assessment.decisions if d.status == "needs_info"}
    own_fields = {section: names for section, names in _own_fields(evaluation).items() if section in open_now}
    kept: set[int] = set()
    for name, value in profile.items():
        candidates = {section for section, names in own_fields.items() if name in names} - kept
        if not isinstance(value, bool) or not candidates:
            continue
        # The scope's own fields (受疫情影响) would close every measure: only a measure's own condition counts.
        flipped = evaluate_profile({**profile, name: not value})
        kept |= {m.section for m, d in flipped.assessment.decisions if d.status == "not_applicable"} & candidates
    return kept


def direct_measures(profile: dict[str, Any], about: set[str] | None = None) -> tuple[str, list[int]]:
    """ "口罩厂能享受什么": the measures that already apply to what the opening said (a special
    group names its own measures), and those a told fact keeps open ("开孵化器的有啥扶持") with
    what they still need, as one short message with their units; ("", []) when there are none.

    `about`: only measures whose own conditions name one of these fields (the facts a message just
    told, when its question finds no clause: "还没跟银行借过钱 人家能借给我这种摆摊的不")."""
    evaluation = evaluate_profile(profile)
    items = _items(evaluation)
    if about is not None:
        own = _own_fields(evaluation)
        items = [item for item in items if own.get(item["section"], set()) & about]
    applying = [item for item in items if item["status"] == "applies"]
    kept = _kept_open(profile, evaluation)
    open_items = [item for item in items if item["section"] in kept]
    if not applying and not open_items:
        return "", []
    templates = question_cues.cues().templates
    lines = [f"· {item['label']}\n  找：{item['units_text']}" for item in applying]
    open_lines = [
        templates["open_measure"].format(
            label=item["label"], needs=_labels(evaluation, item["missing"]), units=item["units_text"]
        )
        for item in open_items
    ]

    def text_with(shown: int) -> str:
        measures = "\n".join(lines + open_lines[:shown])
        return templates["direct_measures"].format(measures=measures, validity=knowledge.validity())

    # The questions still follow in the same reply: the open measures take at most half of it.
    shown = len(open_lines)
    while shown and byte_len(text_with(shown)) > MAX_BYTES // 2:
        shown -= 1
    if not lines and not shown:
        return "", []
    return text_with(shown), [i["section"] for i in applying + open_items[:shown]]
