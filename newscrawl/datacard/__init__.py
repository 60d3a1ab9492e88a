"""The dataset card: gathered from the output and the state (``collect``), rendered (``markdown``), written
at the end of every run (``extension``). See docs/datacard.md."""
