"""The idiomatic Mesa baselines the benchmarks time must compute what polsim computes: a
faster wrong baseline would make every speed-up ratio meaningless."""

from __future__ import annotations

from benchmarks.brandsma_mesa import check_against_polsim


def test_brandsma_mesa_baseline_matches_polsim_week_by_week() -> None:
    result = check_against_polsim(n=300, weeks=3)
    assert result["max_abs_difference"] < 1e-12
