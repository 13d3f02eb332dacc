"""Running many simulations: one run loop (:func:`execute`, a table of :class:`Task` runs on
any :class:`Executor`, resumable) under the paired comparison of scenarios (:func:`compare`)
and sweeps of parameter points (:func:`sweep`, and sensitivity analysis through it)."""

from polsim.runs.comparison import OUTCOMES, Comparison, compare
from polsim.runs.executors import Executor, Task, make_executor
from polsim.runs.loop import execute
from polsim.runs.sweep import Sweep, sweep

__all__ = ["OUTCOMES", "Comparison", "Executor", "Sweep", "Task", "compare", "execute",
           "make_executor", "sweep"]  # fmt: skip
