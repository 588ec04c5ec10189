"""Resource quantities are read the way the API server reads them."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fixture_support import FIXTURES, read_fixture, run_fixture
from kubelint import engine
from kubelint.engine import assign_namespaces
from kubelint.index import ObjectIndex
from kubelint.objects import SourceFile
from kubelint.quantity import (
    BINARY_SUFFIXES,
    DECIMAL_SUFFIXES,
    byte_units,
    container_defaults,
    correction,
    decimal,
    parse_quantity,
    quantity_fields,
    resource_unit,
    show,
)

NANO = Fraction(1, 10**9)


def value(text: object) -> Fraction:
    quantity = parse_quantity(text)
    assert quantity is not None, f"{text!r} should parse"
    return quantity.value


# Amounts from apimachinery's own parse tests: the API stores exactly these.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("0Mi", 0),
        ("1", 1),
        ("1Ki", 1024),
        ("7Mi", 7 * 2**20),
        ("3Ei", 3 * 2**60),
        ("5n", Fraction(5, 10**9)),
        ("4u", Fraction(4, 10**6)),
        ("3m", Fraction(3, 1000)),
        ("50k", 50_000),
        ("1E", 10**18),
        ("1E-3", Fraction(1, 1000)),
        ("1e3", 1000),
        ("1.3E+6", 1_300_000),
        ("100.035k", 100_035),
        ("0.0005k", Fraction(1, 2)),
        ("10.035M", 10_035_000),
        ("1.01E", 101 * 10**16),
        ("100.035Ki", Fraction(10243584, 100)),
        ("0.5Mi", 2**19),
        (".001", Fraction(1, 1000)),
        ("1.", 1),
        ("1.G", 10**9),
        ("-1.5Gi", -3 * 2**29),
        ("+250m", Fraction(1, 4)),
    ],
)
def test_parses_like_the_api(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.001n", 4 * NANO),  # rounded up to the next nano
        ("1.1E-9", 2 * NANO),
        ("0.0000000001", NANO),
        ("0.5e-9", NANO),
        ("0.00000012345", 124 * NANO),
        ("0.000000000001Ki", 2 * NANO),
        ("-0.9n", -NANO),  # away from zero
        ("1e-2147483647", NANO),
        ("9Ei", 2**63 - 1),  # binary amounts are capped at the int64 maximum
        ("9223372036854775807Ki", 2**63 - 1),
    ],
)
def test_rounds_and_caps_like_the_api(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1.1.M",
        "1+1.0M",
        "0.1mi",
        "0.1am",
        "aoeu",
        ".5i",
        "1i",
        "-3.01i",
        "-3.01e-",
        "1e",
        "1K",
        "1Ki3",
        "1e3e",
        "512MB",
        "1 Gi",
        "1_000",
        "١٢",  # Arabic-Indic digits are not digits to the API
        ".e-20",  # the API's slow path needs a digit
        "Ei",
        "1e2147483648",  # the exponent must fit an int32 that can be negated
    ],
)
def test_rejects_what_the_api_rejects(text):
    assert parse_quantity(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("-", 0), ("+", 0), (".", 0), ("Mi", 0), ("k", 0), (" 1Gi\t", 2**30), ("0e-20", 0)],
)
def test_accepts_the_apis_odd_corners(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [(128, 128), (-3, -3), (0.5, Fraction(1, 2)), (0.1, Fraction(1, 10)), (1e20, 10**20)],
)
def test_yaml_numbers_are_quantities(data, expected):
    assert value(data) == expected


@pytest.mark.parametrize("data", [True, False, None, float("inf"), float("nan"), [1], {"a": 1}])
def test_other_yaml_values_are_not(data):
    assert parse_quantity(data) is None


def test_keeps_the_number_and_suffix_as_written():
    quantity = parse_quantity("1.5Gi")
    assert quantity is not None
    assert (quantity.number, quantity.suffix, quantity.binary, quantity.unitless) == (
        Fraction(3, 2),
        "Gi",
        True,
        False,
    )
    bare = parse_quantity(500)
    assert bare is not None and bare.unitless and not bare.binary


@given(
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from(sorted(set(DECIMAL_SUFFIXES) - {"n", "u", "m"})),
)
def test_decimal_suffix_multiplies_by_a_power_of_ten(number, suffix):
    assert value(f"{number}{suffix}") == number * 10 ** DECIMAL_SUFFIXES[suffix]


@given(st.integers(min_value=0, max_value=2**20), st.sampled_from(sorted(BINARY_SUFFIXES)))
def test_binary_suffix_multiplies_by_a_power_of_two(number, suffix):
    expected = min(number * 2 ** BINARY_SUFFIXES[suffix], 2**63 - 1)
    assert value(f"{number}{suffix}") == expected


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=-9, max_value=30))
def test_exponent_and_fraction_agree(mantissa, exponent):
    whole, rest = divmod(mantissa, 10**6)
    as_fraction = f"{whole}.{rest:06d}e{exponent + 6}"
    assert value(as_fraction) == value(f"{mantissa}e{exponent}")


@given(st.text(alphabet="0123456789.+-eEinumkKMGTP ", max_size=8))
def test_never_raises(text):
    parse_quantity(text)


def test_decimal_renders_exact_amounts():
    assert decimal(Fraction(1, 10)) == "0.1"
    assert decimal(Fraction(-3, 1000)) == "-0.003"
    assert decimal(Fraction(2**30)) == "1073741824"
    assert decimal(NANO) == "0.000000001"


def test_show_writes_values_as_yaml_does():
    assert show("512MB") == "'512MB'"
    assert show(128) == "128"
    assert show(True) == "true"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("64mi", "64Mi"),
        ("1gi", "1Gi"),
        ("2K", "2k"),
        ("1 Gi", "1Gi"),
        ("0,5", "0.5"),
        ("2 cores", "2"),
        ("1 CPU", "1"),
        ("500 millicores", "500m"),
        ("banana", None),
        (12, None),
    ],
)
def test_correction_suggests_a_valid_spelling(written, expected):
    assert correction(written) == expected


def test_byte_units_offers_both_spellings():
    units = byte_units("512MB")
    assert units is not None and (units.binary, units.decimal) == ("512Mi", "512M")
    units = byte_units("1.5 kib")
    assert units is not None and (units.binary, units.decimal) == ("1.5Ki", "1.5k")
    assert byte_units("512Mi") is None
    assert byte_units("GB") is None


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("memory", "bytes"),
        ("requests.memory", "bytes"),
        ("limits.ephemeral-storage", "bytes"),
        ("gold.storageclass.storage.k8s.io/requests.storage", "bytes"),
        ("hugepages-2Mi", "bytes"),
        ("cpu", "cpu"),
        ("requests.cpu", "cpu"),
        ("pods", None),
        ("nvidia.com/gpu", None),
        ("count/deployments.apps", None),
    ],
)
def test_resource_unit(name, unit):
    assert resource_unit(name) == unit


def _objects(text: str):
    source = SourceFile("test.yaml")
    engine.load_text(source, text.encode())
    assert not source.problems, source.problems
    assign_namespaces(source.objects, "default")
    return source.objects


def test_quantity_fields_finds_every_quantity():
    (deployment,) = _objects(
        """
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      initContainers:
      - {name: init, resources: {requests: {cpu: 10m}}}
      containers:
      - {name: db, resources: {requests: {memory: 1Gi}, limits: {memory: 1Gi, cpu: ~}}}
      ephemeralContainers:
      - {name: debug, resources: {requests: {cpu: 1}}}
      volumes:
      - {name: tmp, emptyDir: {sizeLimit: 1Gi}}
      - name: scratch
        ephemeral:
          volumeClaimTemplate:
            spec: {resources: {requests: {storage: 5Gi}}}
  volumeClaimTemplates:
  - spec: {resources: {requests: {storage: 10Gi}}}
"""
    )
    found = [(f.label, f.value) for f in quantity_fields(deployment)]
    assert found == [
        ("requests.cpu", "10m"),
        ("requests.memory", "1Gi"),
        ("limits.memory", "1Gi"),
        ("emptyDir.sizeLimit", "1Gi"),
        ("requests.storage", "5Gi"),
        ("requests.storage", "10Gi"),
    ]


def test_container_defaults_follow_the_api_defaulting():
    objects = _objects(
        """
apiVersion: v1
kind: LimitRange
metadata: {name: first, namespace: team}
spec:
  limits:
  - type: Pod
    max: {cpu: "8"}
  - type: Container
    max: {memory: 2Gi, cpu: "2"}
    default: {memory: 512Mi}
    min: {ephemeral-storage: 1Gi}
---
apiVersion: v1
kind: LimitRange
metadata: {name: second, namespace: team}
spec:
  limits:
  - type: Container
    defaultRequest: {memory: 64Mi}
---
apiVersion: v1
kind: LimitRange
metadata: {name: elsewhere, namespace: other}
spec:
  limits:
  - type: Container
    default: {hugepages-2Mi: 2Mi}
"""
    )
    defaults = container_defaults(ObjectIndex(objects), "team")
    limits = {k: (d.value, d.limit_range) for k, d in defaults.limits.items()}
    requests = {k: (d.value, d.limit_range) for k, d in defaults.requests.items()}
    # default limit: default, else max; default request: defaultRequest, else the default
    # limit, else min; the first LimitRange that sets a resource wins
    assert limits == {"memory": ("512Mi", "first"), "cpu": ("2", "first")}
    assert requests == {
        "memory": ("512Mi", "first"),
        "cpu": ("2", "first"),
        "ephemeral-storage": ("1Gi", "first"),
    }
    assert container_defaults(ObjectIndex(objects), "nowhere").limits == {}


def _messages(fixture: str, rule_id: str) -> list[str]:
    report = run_fixture(read_fixture(FIXTURES / fixture))
    return [f.message for f in report.findings if f.rule == rule_id]


def test_missing_requests_says_which_request_is_missing():
    assert _messages("missing-requests/one-request-missing.yaml", "missing-requests") == [
        "container 'report' has no cpu request; set resources.requests.cpu",
        "container 'uploader' has no cpu request; set resources.requests.cpu",
    ]


def test_invalid_quantity_suggests_the_spelling_meant():
    messages = _messages("invalid-quantity/container-typos.yaml", "invalid-quantity")
    assert "requests.memory '64mi' is not a valid quantity; did you mean '64Mi'?" in messages
    assert (
        "requests.memory '512MB' is not a valid quantity: Kubernetes units have no B; "
        "write '512Mi' (powers of 1024) or '512M' (powers of 1000)"
    ) in messages


def test_suspicious_quantity_shows_what_the_value_means():
    messages = _messages("suspicious-quantity/forgotten-units.yaml", "suspicious-quantity")
    assert (
        "requests.memory '100m' is 0.1 bytes ('m' is 10^-3, not a byte unit); did you mean '100Mi'?"
    ) in messages
    assert "requests.cpu 500 is 500 whole CPUs; did you mean '500m' (millicpus)?" in messages


def test_limit_below_request_shows_amounts_when_units_differ():
    messages = _messages("limit-below-request/limit-below-request.yaml", "limit-below-request")
    assert messages[1] == (
        "container 'search' limits memory to '1G' (1000000000), below its request of '1Gi' "
        "(1073741824); the API rejects the pod, raise the limit or lower the request"
    )
