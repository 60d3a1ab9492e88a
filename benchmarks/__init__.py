"""Benchmarks: ``python -m benchmarks`` runs them all, ``python -m benchmarks NAME [ARGS]`` one.

A benchmark is a module here with ``main(argv: list[str]) -> int`` that prints its figures; the runner finds
it by itself, so adding one is adding a file.
"""
