"""The EIT sample-size rule: the least number of survey responses an agency of a type and size collects.

Domain.md §2 (FY2568, secondary source, unverified): the minimums are data here, editable, and a
satisfaction figure with fewer responses (or none reported) carries a Thai warning.
"""

from __future__ import annotations

from collections.abc import Mapping

from kpi.core.messages import UI

SAMPLE_BELOW = UI["survey_sample_below"]
SAMPLE_UNKNOWN = UI["survey_sample_unknown"]
ORG_SAO = "sao"  # องค์การบริหารส่วนตำบล
ORG_TAMBON_MUNICIPALITY = "tambon_municipality"  # เทศบาลตำบล
ORG_LABELS: dict[str, str] = {
    ORG_SAO: UI["survey_org_sao"],
    ORG_TAMBON_MUNICIPALITY: UI["survey_org_tambon_municipality"],
}
ORG_ALIASES: dict[str, str] = {
    "อบต.": ORG_SAO,
    "อบต": ORG_SAO,
    "องค์การบริหารส่วนตำบล": ORG_SAO,
    "เทศบาลตำบล": ORG_TAMBON_MUNICIPALITY,
    "ทต.": ORG_TAMBON_MUNICIPALITY,
    "ทต": ORG_TAMBON_MUNICIPALITY,
}
SIZE_LABELS: dict[str, str] = {size: UI[f"survey_size_{size}"] for size in ("L", "M", "S")}
SIZE_ALIASES: dict[str, str] = {"ใหญ่": "L", "กลาง": "M", "เล็ก": "S"}
# Minimum EIT responses an agency collects, FY2568 (domain.md §2, secondary source, unverified): keep editable.
EIT_MIN_RESPONSES: dict[tuple[str, str], int] = {
    (ORG_SAO, "L"): 50,
    (ORG_SAO, "M"): 40,
    (ORG_SAO, "S"): 30,
    (ORG_TAMBON_MUNICIPALITY, "M"): 70,
    (ORG_TAMBON_MUNICIPALITY, "S"): 60,
}


def minimum_sample(org_type: str, size: str, minimums: Mapping[tuple[str, str], int] = EIT_MIN_RESPONSES) -> int | None:
    """The minimum number of responses for an organisation type and size, or None when not listed."""
    org = ORG_ALIASES.get(org_type.strip(), org_type.strip())
    key = SIZE_ALIASES.get(size.strip(), size.strip().upper())
    return minimums.get((org, key))


def sample_warning(
    n: int | None, org_type: str, size: str, minimums: Mapping[tuple[str, str], int] = EIT_MIN_RESPONSES
) -> str | None:
    """Thai warning when n is below the EIT minimum for this organisation (or unknown); None otherwise."""
    minimum = minimum_sample(org_type, size, minimums)
    if minimum is None:
        return None
    org = ORG_ALIASES.get(org_type.strip(), org_type.strip())
    size_code = SIZE_ALIASES.get(size.strip(), size.strip().upper())
    labels = {"org": ORG_LABELS.get(org, org), "size": SIZE_LABELS.get(size_code, size_code), "minimum": minimum}
    if n is None:
        return SAMPLE_UNKNOWN.format(**labels)
    return SAMPLE_BELOW.format(n=n, **labels) if n < minimum else None
