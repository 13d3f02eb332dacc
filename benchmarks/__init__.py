"""Performance benchmarks: polsim against idiomatic baselines, side by side in one process.

``python -m benchmarks`` (from the project root) prints one JSON object per line.
"""
