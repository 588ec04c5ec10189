"""Every fixture reports exactly what its ``# expect:`` comments say; every rule has
fixtures that show it firing and staying quiet."""

from __future__ import annotations

import pytest

from fixture_support import FIXTURES, all_fixtures, describe, found, read_fixture, run_fixture
from kubelint.registry import load_rules

FIXTURE_PATHS = all_fixtures()


@pytest.mark.parametrize("path", FIXTURE_PATHS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_reports_what_it_expects(path):
    fixture = read_fixture(path)
    report = run_fixture(fixture)
    assert not report.internal_errors, report.internal_errors
    actual = found(report)
    missing = fixture.expected - actual
    unexpected = [f for f in report.findings if (f.line, f.rule) in (actual - fixture.expected)]
    assert not missing and not unexpected, (
        f"\nexpected but not reported: {sorted(missing)}"
        f"\nreported but not expected:\n{describe(unexpected)}"
    )


@pytest.mark.parametrize("rule_id", sorted(load_rules()))
def test_rule_has_firing_and_quiet_fixtures(rule_id):
    fixtures = [read_fixture(p) for p in FIXTURE_PATHS]
    fires = [f for f in fixtures if any(rule == rule_id for _, rule in f.expected)]
    own = [f for f in fixtures if f.rule_dir == rule_id]
    quiet = [f for f in own if not any(rule == rule_id for _, rule in f.expected)]
    assert fires, f"no fixture expects {rule_id}: add tests/fixtures/{rule_id}/<situation>.yaml"
    assert quiet, f"no fixture in tests/fixtures/{rule_id}/ shows {rule_id} staying quiet"
