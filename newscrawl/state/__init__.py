"""The crawl state: what earlier runs did. One interface, one owner, one implementation per backend."""

from newscrawl.state.sqlite import Retry, StateLocked, StateStore, Validators, utc_iso

__all__ = ["Retry", "StateLocked", "StateStore", "Validators", "utc_iso"]
