"""What a run reports about itself: the run manifest (docs/stats.md names every counter in it)."""
