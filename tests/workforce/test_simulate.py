"""Validation by simulation: ciw runs the shipped examples and agrees with the analytic model.

Runs are as long as the noisiest pool needs: a small chat pool's service level swings by several
points from one 50-hour stretch to the next, so a few hundred simulated hours are needed for a
2-point check to mean something. Each example takes a few seconds.
"""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest

from otklik.workforce import simulate
from otklik.workforce.errors import WorkforceError
from otklik.workforce.structure_spec import load_text

EXAMPLES = Path(__file__).resolve().parents[2] / "otklik" / "workforce" / "examples"


@pytest.mark.parametrize(("name", "hours"), [("pizzeria", 400), ("bank", 250), ("saas", 400)])
def test_simulated_service_levels_agree_within_two_points(name, hours):
    structure = load_text((EXAMPLES / f"{name}.yaml").read_text())
    report = simulate.validate(structure, hours=hours, seed=1)
    assert report.pools, "every example has live (phone or chat) pools"
    for pool in report.pools:
        assert pool.contacts > 3_000
        assert abs(pool.gap_points) <= 2.0, pool
        if pool.abandon_analytic is not None:
            assert pool.abandon_simulated == pytest.approx(pool.abandon_analytic, abs=0.02)


def test_same_seed_same_answer():
    structure = load_text((EXAMPLES / "saas.yaml").read_text())
    first = simulate.validate(structure, hours=20, seed=3)
    again = simulate.validate(structure, hours=20, seed=3)
    assert first.to_dict() == again.to_dict()


def test_without_ciw_the_error_is_clear(monkeypatch):
    real_import = builtins.__import__

    def no_ciw(name, *args, **kwargs):
        if name == "ciw":
            raise ImportError("No module named 'ciw'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ciw)
    monkeypatch.setattr(simulate.importlib, "import_module", lambda name: no_ciw(name))
    with pytest.raises(WorkforceError) as exc:
        simulate.validate(load_text((EXAMPLES / "saas.yaml").read_text()), hours=1)
    assert "ciw" in exc.value.message
