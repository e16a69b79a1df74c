"""Guatemalan identifiers: the CUI (format, department, municipality, RENAP check digit), the NIT and phones."""

import pytest
from django.core.exceptions import ValidationError

from core.identifiers import (
    cui_check_digit,
    is_valid_cui,
    make_cui,
    mask_cui,
    municipalities_per_department,
    validate_cui,
    validate_nit,
    validate_phone,
)


def with_check_digit(serial: str, location: str) -> str:
    return f"{serial}{cui_check_digit(serial)}{location}"


@pytest.mark.parametrize(
    "value",
    [
        with_check_digit("12345678", "0101"),  # Guatemala, Guatemala
        with_check_digit("24567890", "2217"),  # last municipality of the last department
        with_check_digit("11111111", "0514"),  # Sipacate (2015): older tables reject it
        with_check_digit("11111111", "1333"),  # Petatán (2015): older tables reject it
        with_check_digit("00000001", "1714"),  # El Chal
    ],
)
def test_valid_cuis_are_accepted(value):
    assert validate_cui(value) == value


def test_separators_typed_by_people_are_accepted_and_removed():
    cui = with_check_digit("12345678", "0101")
    spaced = f"{cui[:4]} {cui[4:9]} {cui[9:]}"
    dashed = f"{cui[:4]}-{cui[4:9]}-{cui[9:]}"
    assert validate_cui(spaced) == cui
    assert validate_cui(dashed) == cui


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("123456789010", "cui_format"),  # 12 digits
        ("12345678901011", "cui_format"),  # 14 digits
        ("12345678A0101", "cui_format"),  # a letter
        ("", "cui_format"),
        (with_check_digit("12345678", "2301"), "cui_department"),  # department 23 does not exist
        (with_check_digit("12345678", "0001"), "cui_department"),  # department 00
        (with_check_digit("12345678", "0118"), "cui_municipality"),  # Guatemala has 17
        (with_check_digit("12345678", "0515"), "cui_municipality"),  # Escuintla has 14
        (with_check_digit("12345678", "1334"), "cui_municipality"),  # Huehuetenango has 33
        (with_check_digit("12345678", "0100"), "cui_municipality"),  # municipality 00
    ],
)
def test_invalid_cuis_are_rejected_with_the_reason(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_cui(value)
    assert excinfo.value.code == code
    assert "CUI" in str(excinfo.value.messages[0])


def test_wrong_check_digit_is_rejected():
    good = with_check_digit("12345678", "0101")
    wrong = good[:8] + str((int(good[8]) + 1) % 10) + good[9:]
    with pytest.raises(ValidationError) as excinfo:
        validate_cui(wrong)
    assert excinfo.value.code == "cui_check_digit"
    assert "dígito verificador" in excinfo.value.messages[0]


def test_serials_whose_remainder_is_ten_are_never_valid():
    serial = next(f"{n:08d}" for n in range(10**6, 10**6 + 200) if cui_check_digit(f"{n:08d}") == 10)
    assert not any(is_valid_cui(f"{serial}{d}0101") for d in range(10))


def test_the_ranges_are_the_catalogs_22_departments_and_340_municipalities():
    counts = municipalities_per_department()
    assert len(counts) == 22
    assert sum(counts.values()) == 340
    assert [counts[d] for d in range(1, 23)] == [
        17,
        8,
        16,
        16,
        14,
        14,
        19,
        8,
        24,
        21,
        9,
        30,
        33,
        21,
        8,
        17,
        14,
        5,
        11,
        11,
        7,
        17,
    ]


def test_make_cui_always_builds_valid_numbers():
    assert all(is_valid_cui(make_cui(n, "0901")) for n in range(10_000, 10_500))


def test_mask_cui_shows_only_the_last_four_digits():
    assert mask_cui("2456 78901 0101") == "•••••••••0101"


SAME_NUMBER = ["+502 5555 1234", "5555 1234", "5555-1234", "502 5555-1234", "55551234"]
NOT_A_GUATEMALAN_LINE = ["0000 0000", "1234 5678", "123", "+1 202 555 0143", "teléfono", "²²²²-²²²²"]


@pytest.mark.parametrize("typed", SAME_NUMBER)
def test_a_guatemalan_number_is_stored_one_way_however_it_is_typed(typed):
    assert validate_phone(typed) == "5555-1234"


@pytest.mark.parametrize("typed", NOT_A_GUATEMALAN_LINE)
def test_numbers_no_guatemalan_line_has_are_refused_in_spanish(typed):
    with pytest.raises(ValidationError) as refused:
        validate_phone(typed)
    assert refused.value.messages == [
        "Escriba un número de teléfono de Guatemala de 8 dígitos, por ejemplo 5555-1234 o +502 2321-4800."
    ]


def test_an_empty_phone_or_nit_stays_empty():
    assert validate_phone("  ") == "" and validate_nit("") == ""


def test_the_nit_is_checked_by_its_check_digit_and_stored_compact():
    assert validate_nit(" 576937-k ") == "576937K"
    with pytest.raises(ValidationError, match="dígito verificador"):
        validate_nit("1234567-1")
