"""Running many simulations: executors (serial, processes) and the paired comparison of
scenarios."""

from polsim.runs.comparison import OUTCOMES, Comparison, compare
from polsim.runs.executors import EXECUTORS, Executor, Task, make_executor, run_task

__all__ = ["EXECUTORS", "OUTCOMES", "Comparison", "Executor", "Task", "compare", "make_executor",
           "run_task"]  # fmt: skip
