"""Domain validation rules as plain functions.

Each rule takes plain values and returns a list of ``RuleError``(field, Thai message).
Model ``clean()`` methods and admin forms call them, so the rules live in one place and
read the same whether data comes from the admin, the demo loader or a script.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

HUNDRED = Decimal("100")
CODE_PATTERN = re.compile(r"^\d+(\.\d+)*$")


@dataclass(frozen=True)
class RuleError:
    field: str | None
    message: str


def fmt(number) -> str:
    """Weights read as 20 or 2.5, never 20.00."""
    value = Decimal(number).normalize()
    return format(value, "f")


def check_weights_sum_to_100(weights, field="kpi_lines", what="น้ำหนักตัวชี้วัด"):
    total = sum((Decimal(w) for w in weights), Decimal(0))
    if total != HUNDRED:
        return [RuleError(field, f"{what}รวมกันต้องเท่ากับ 100 แต่ได้ {fmt(total)}")]
    return []


def check_kpi_code(code, parent_code=None, field="code"):
    if not code or not CODE_PATTERN.match(code):
        return [RuleError(field, f"รหัสตัวชี้วัด '{code}' ไม่ถูกต้อง ต้องเป็นตัวเลขคั่นด้วยจุด เช่น 1 หรือ 1.2")]
    if parent_code is not None:
        if not code.startswith(parent_code + ".") or code.count(".") != parent_code.count(".") + 1:
            return [
                RuleError(
                    field,
                    f"รหัสตัวชี้วัดย่อย '{code}' ต้องขึ้นต้นด้วยรหัสของตัวชี้วัดหลัก '{parent_code}.' ตามด้วยเลขลำดับ",
                )
            ]
    elif "." in code:
        return [RuleError("parent_kpi", f"ตัวชี้วัด '{code}' เป็นตัวชี้วัดย่อย ต้องระบุตัวชี้วัดหลัก")]
    return []


def check_kpi_code_free(code, taken_codes, field="code"):
    """One KPI per code in an organisation's year (two people creating KPI 3 at once: the
    second is told here, by the create view running with the folder locked)."""
    if code and code in set(taken_codes):
        return [RuleError(field, f"รหัสตัวชี้วัด '{code}' มีอยู่แล้วในหน่วยงานและปีงบประมาณนี้ โปรดใช้รหัสอื่น")]
    return []


def check_levels_monotonic(levels, higher_is_better: bool, field_prefix="level_"):
    """Quantitative criteria: all five values present and strictly ordered in the KPI's direction."""
    errors = []
    for index, value in enumerate(levels, start=1):
        if value is None:
            errors.append(RuleError(f"{field_prefix}{index}", f"ต้องระบุค่าของเกณฑ์ระดับ {index} สำหรับตัวชี้วัดเชิงปริมาณ"))
    if errors:
        return errors
    for index in range(1, len(levels)):
        low, high = Decimal(levels[index - 1]), Decimal(levels[index])
        ok = high > low if higher_is_better else high < low
        if not ok:
            direction = "มากขึ้น" if higher_is_better else "น้อยลง"
            errors.append(
                RuleError(
                    f"{field_prefix}{index + 1}",
                    f"เกณฑ์ระดับ {index + 1} ({fmt(high)}) ต้อง{direction}กว่าระดับ {index} ({fmt(low)}) "
                    f"ตามทิศทางของตัวชี้วัด",
                )
            )
    return errors


def check_level_descriptions(descriptions, kind_label, field_prefix="level_", suffix="_description"):
    return [
        RuleError(f"{field_prefix}{index}{suffix}", f"ต้องระบุรายละเอียดเกณฑ์ระดับ {index} สำหรับตัวชี้วัด{kind_label}")
        for index, text in enumerate(descriptions, start=1)
        if not (text or "").strip()
    ]


def parse_dimension_list(text: str) -> list[int]:
    numbers = []
    for part in re.split(r"[,+\s]+", (text or "").strip()):
        if part:
            if not part.isdigit():
                raise ValueError(part)
            numbers.append(int(part))
    return numbers


def check_dimension_weight_rules(dimension_weights: dict[int, Decimal], rules, field="weight_rules"):
    """Rules of the form "dimensions 1+2 weigh more than dimensions 3+4".

    ``rules`` is an iterable of (greater: list[int], lesser: list[int]).
    """
    errors = []
    for greater, lesser in rules:
        unknown = [n for n in greater + lesser if n not in dimension_weights]
        if unknown:
            errors.append(RuleError(field, f"กฎน้ำหนักอ้างถึงมิติที่ {', '.join(map(str, unknown))} ซึ่งไม่มีในกรอบการประเมิน"))
            continue
        left = sum((dimension_weights[n] for n in greater), Decimal(0))
        right = sum((dimension_weights[n] for n in lesser), Decimal(0))
        if not left > right:
            errors.append(
                RuleError(
                    field,
                    f"น้ำหนักมิติที่ {'+'.join(map(str, greater))} ({fmt(left)}) ต้องมากกว่า"
                    f"มิติที่ {'+'.join(map(str, lesser))} ({fmt(right)}) ตามกรอบการประเมิน",
                )
            )
    return errors


@dataclass(frozen=True)
class KpiLine:
    """One row of an agreement's KPI table, reduced to what the rules need."""

    code: str
    weight: Decimal
    parent_code: str | None
    dimension_number: int | None


def check_agreement_lines(lines: list[KpiLine], dimension_weights: dict[int, Decimal] | None, rules=()):
    """Top-level weights sum to 100; sub-KPI weights sum to their parent's; framework rules hold."""
    errors = []
    if not lines:
        return [RuleError("kpi_lines", "คำรับรองต้องมีตัวชี้วัดอย่างน้อย 1 ตัว")]
    codes = [line.code for line in lines]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        errors.append(RuleError("kpi_lines", f"ตัวชี้วัด {', '.join(duplicates)} อยู่ในตารางมากกว่าหนึ่งครั้ง"))
    in_table = set(codes)
    top_level = [line for line in lines if line.parent_code not in in_table]
    errors += check_weights_sum_to_100([line.weight for line in top_level])

    children = defaultdict(list)
    for line in lines:
        if line.parent_code in in_table:
            children[line.parent_code].append(line)
    by_code = {line.code: line for line in lines}
    for parent_code, kids in sorted(children.items()):
        total = sum((kid.weight for kid in kids), Decimal(0))
        parent_weight = by_code[parent_code].weight
        if total != parent_weight:
            errors.append(
                RuleError(
                    "kpi_lines",
                    f"น้ำหนักตัวชี้วัดย่อยของตัวชี้วัด {parent_code} รวมกันได้ {fmt(total)} "
                    f"ต้องเท่ากับน้ำหนักของตัวชี้วัดหลัก ({fmt(parent_weight)})",
                )
            )

    if dimension_weights:
        per_dimension = defaultdict(Decimal)
        for line in top_level:
            if line.dimension_number is not None:
                per_dimension[line.dimension_number] += line.weight
        for number, expected in sorted(dimension_weights.items()):
            if expected is not None and per_dimension.get(number, Decimal(0)) != expected:
                errors.append(
                    RuleError(
                        "kpi_lines",
                        f"น้ำหนักตัวชี้วัดในมิติที่ {number} รวมกันได้ {fmt(per_dimension.get(number, 0))} "
                        f"ต้องเท่ากับน้ำหนักมิติตามกรอบการประเมิน ({fmt(expected)})",
                    )
                )
        errors += check_dimension_weight_rules(
            {n: per_dimension.get(n, Decimal(0)) for n in dimension_weights}, rules, field="kpi_lines"
        )
    return errors


FORMULA_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-zก-๙_][A-Za-z0-9ก-๙_]*)|([-+*/×÷()]))")


def formula_names(formula: str) -> list[str]:
    """The parameter names a weight formula uses ("P + 10" → ["P"]); ValueError if malformed."""
    return [name for kind, name in _tokens(formula) if kind == "name"]


def _tokens(formula):
    text, pos, tokens = formula or "", 0, []
    text = text.strip()
    while pos < len(text):
        match = FORMULA_TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ValueError(text[pos:].strip()[:10])
        number, name, op = match.groups()
        tokens.append(("number", number) if number else ("name", name) if name else ("op", {"×": "*", "÷": "/"}.get(op, op)))
        pos = match.end()
    if not tokens:
        raise ValueError("")
    return tokens


def evaluate_formula(formula: str, parameters: dict[str, Decimal]) -> Decimal:
    """A weight defined from named parameters: "P + 10", "2 × Q", "(100 - P) / 2".

    Only numbers, names, + - × ÷ * / and brackets; a missing name raises KeyError(name)."""
    tokens = _tokens(formula)
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else (None, None)

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def atom():
        kind, value = take() if position < len(tokens) else (None, None)
        if kind == "number":
            return Decimal(value)
        if kind == "name":
            if value not in parameters:
                raise KeyError(value)
            return Decimal(parameters[value])
        if (kind, value) == ("op", "-"):
            return -atom()
        if (kind, value) == ("op", "("):
            result = expression()
            if take() != ("op", ")"):
                raise ValueError(")")
            return result
        raise ValueError(value or "")

    def term():
        result = atom()
        while peek() in (("op", "*"), ("op", "/")):
            _, op = take()
            right = atom()
            result = result * right if op == "*" else result / right
        return result

    def expression():
        result = term()
        while peek() in (("op", "+"), ("op", "-")):
            _, op = take()
            right = term()
            result = result + right if op == "+" else result - right
        return result

    result = expression()
    if position != len(tokens):
        raise ValueError(tokens[position][1])
    return result


def check_same_fiscal_year(own_year, parent_year, field, what):
    if own_year is not None and parent_year is not None and own_year != parent_year:
        return [
            RuleError(
                field,
                f"{what}เป็นของปีงบประมาณ {own_year} แต่หน้านี้อยู่ภายใต้ปีงบประมาณ {parent_year} ต้องเป็นปีเดียวกัน",
            )
        ]
    return []


def to_validation_error(errors: list[RuleError]):
    """Turn rule errors into a Django ValidationError keyed by field (None → non-field)."""
    from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

    by_field = defaultdict(list)
    for error in errors:
        by_field[error.field or NON_FIELD_ERRORS].append(error.message)
    return ValidationError(dict(by_field))
