"""The organisation sign-in's e-mail → role map ([kpi_roles] in .streamlit/secrets.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from kpi.access.oidc import normal_email, role_for_email, role_map

ROOT = Path(__file__).resolve().parents[1]
SECTION = {
    "admin": ["palad@banphue.go.th"],
    "editor": ["somchai@banphue.go.th", "@plan.banphue.go.th"],
    "viewer": ["@banphue.go.th"],
}


def role_of(email: object, section: Any = None) -> str | None:
    return role_for_email(email, role_map(SECTION if section is None else section))


def test_an_exact_address_wins_over_its_domain() -> None:
    assert role_of("somchai@banphue.go.th") == "editor"
    assert role_of("palad@banphue.go.th") == "admin"
    assert role_of("someone.else@banphue.go.th") == "viewer"  # only the domain matches


def test_a_listed_address_wins_even_when_its_domain_has_a_higher_role() -> None:
    section = {"admin": ["@banphue.go.th"], "viewer": ["guest@banphue.go.th"]}
    assert role_of("guest@banphue.go.th", section) == "viewer"
    assert role_of("other@banphue.go.th", section) == "admin"


def test_the_highest_role_wins_among_equal_entries() -> None:
    section = {"viewer": ["a@x.go.th", "@x.go.th"], "admin": ["A@X.GO.TH"], "editor": ["a@x.go.th", "@x.go.th"]}
    assert role_of("a@x.go.th", section) == "admin"
    assert role_of("b@x.go.th", section) == "editor"


def test_a_domain_entry_does_not_cover_its_subdomains() -> None:
    assert role_of("x@sub.banphue.go.th") is None
    assert role_of("x@plan.banphue.go.th") == "editor"  # listed on its own
    assert role_of("x@banphue.go.th.evil.example") is None
    assert role_of("x@evilbanphue.go.th") is None


def test_an_address_that_matches_nothing_is_refused() -> None:
    assert role_of("somchai@gmail.com") is None
    assert role_for_email("somchai@banphue.go.th", {}) is None
    assert role_map(None) == {} and role_map({}) == {}


def test_upper_case_and_spaces_around_an_address_do_not_matter() -> None:
    assert role_of("SomChai@BanPhue.GO.TH") == "editor"
    assert role_of("  palad@banphue.go.th ") == "admin"
    assert role_of("X@PLAN.BANPHUE.GO.TH", {"editor": ["@Plan.Banphue.Go.Th"]}) == "editor"


def test_unknown_roles_are_ignored() -> None:
    section = {"superuser": ["boss@banphue.go.th"], "public": ["@banphue.go.th"], "Admin": ["a@banphue.go.th"]}
    assert role_map(section) == {}
    assert role_of("boss@banphue.go.th", section) is None


def test_malformed_entries_are_ignored_and_the_good_ones_kept() -> None:
    section: dict[str, Any] = {
        "editor": [
            "somchai@banphue.go.th",
            "not an address",
            "two@@banphue.go.th",
            "@",
            "@nodot",
            "@a b.go.th",
            "x@",
            "@x@y.go.th",
            42,
            None,
            ["nested@banphue.go.th"],
            {"email": "d@banphue.go.th"},
            "",
        ],
        "viewer": "single@banphue.go.th",  # one string instead of a list still counts
        "admin": 7,  # neither a list nor a string: ignored
    }
    assert role_map(section) == {"somchai@banphue.go.th": "editor", "single@banphue.go.th": "viewer"}


def test_ten_thousand_characters_are_refused_without_parsing() -> None:
    long_local = "a" * 10_000 + "@banphue.go.th"
    long_domain = "a@" + "b" * 10_000 + ".go.th"
    assert normal_email(long_local) is None and normal_email(long_domain) is None
    assert role_of(long_local) is None
    assert role_of("a" * 250 + "@banphue.go.th") is None  # over 254 characters in all
    section = {"admin": ["@" + "x" * 10_000 + ".go.th", long_local], "viewer": ["@banphue.go.th"]}
    assert role_map(section) == {"@banphue.go.th": "viewer"}


def test_a_huge_list_is_read_only_up_to_its_bound() -> None:
    entries = [f"u{n}@banphue.go.th" for n in range(20_000)]
    roles = role_map({"viewer": entries})
    assert roles["u0@banphue.go.th"] == "viewer"
    assert "u19999@banphue.go.th" not in roles  # beyond the bound: not read
    assert len(roles) < len(entries)


@pytest.mark.parametrize("value", [None, 42, 4.2, b"somchai@banphue.go.th", ["somchai@banphue.go.th"], {}, "", "   "])
def test_anything_that_is_not_an_address_maps_to_no_role(value: object) -> None:
    assert normal_email(value) is None
    assert role_of(value) is None


@pytest.mark.parametrize(
    "value",
    ["somchai", "@banphue.go.th", "somchai@", "somchai@localhost", "som chai@banphue.go.th", "a@b@banphue.go.th"],
)
def test_strings_that_are_not_addresses_map_to_no_role(value: str) -> None:
    assert normal_email(value) is None
    assert role_of(value, {"admin": ["@banphue.go.th", "@localhost"]}) is None


@pytest.mark.parametrize("section", [["admin", "a@banphue.go.th"], "admin = a@banphue.go.th", 42])
def test_a_kpi_roles_that_is_not_a_table_gives_no_role(section: Any) -> None:
    assert role_map(section) == {}


def test_the_example_configuration_is_complete_and_maps_its_roles() -> None:
    """.streamlit/secrets.example.toml: what st.login needs, and a [kpi_roles] that maps as it says."""
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8"))
    auth = example["auth"]
    assert {"redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"} <= set(auth)
    assert auth["redirect_uri"] == "http://localhost:8501/oauth2callback"
    assert auth["server_metadata_url"].startswith("https://") and auth["server_metadata_url"].endswith(
        "/.well-known/openid-configuration"
    )
    roles = role_map(example["kpi_roles"])
    assert role_for_email("palad@banphue.go.th", roles) == "admin"
    assert role_for_email("someone@plan.banphue.go.th", roles) == "editor"
    assert role_for_email("someone@banphue.go.th", roles) == "viewer"
    assert role_for_email("someone@gmail.com", roles) is None
