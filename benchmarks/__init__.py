"""The project's benchmark: `python -m benchmarks` (see README.md, "Benchmarks")."""
