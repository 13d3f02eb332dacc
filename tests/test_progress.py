"""Progress: the bar opens before the first run, with the estimated time."""

from __future__ import annotations

import polsim
from polsim.cli.main import _Progress
from polsim.text import duration


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def expect(self, seconds: float) -> None:
        self.calls.append(("expect", seconds))

    def __call__(self, done: int, total: int) -> None:
        self.calls.append(("progress", (done, total)))


def test_a_comparison_announces_its_runs_and_their_expected_time_before_the_first():
    recorder = Recorder()
    polsim.compare(["baseline", "key_figures"], replicates=2, weeks=3, n_agents=120,
                   progress=recorder)  # fmt: skip
    kind, seconds = recorder.calls[0]
    assert kind == "expect"
    assert isinstance(seconds, float)
    assert seconds > 0
    assert [c[1] for c in recorder.calls[1:]] == [(k, 4) for k in range(5)]


def test_a_sweep_announces_its_runs_too():
    recorder = Recorder()
    polsim.sweep({"shock_rate": [0.0, 0.02]}, replicates=2, weeks=3, n_agents=120,
                 progress=recorder)  # fmt: skip
    assert recorder.calls[0][0] == "expect"
    assert [c[1] for c in recorder.calls[1:]] == [(k, 4) for k in range(5)]


def test_the_bar_shows_the_estimate_until_the_first_run_is_done(capsys):
    bar = _Progress(quiet=False, lang="nl")
    bar.expect(170.0)
    bar(0, 3)
    assert f"verwacht {duration(170.0, 'nl')}" in capsys.readouterr().err
    bar(1, 3)
    bar(3, 3)
    shown = capsys.readouterr().err
    assert "3/3" in shown
    assert "verwacht" not in shown.split("\r")[-1]
    assert bar._ticking is None  # the clock's thread is told to stop


def test_quiet_shows_nothing(capsys):
    bar = _Progress(quiet=True)
    bar.expect(5.0)
    bar(0, 2)
    bar(2, 2)
    assert capsys.readouterr().err == ""
