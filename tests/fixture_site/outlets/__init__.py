"""The outlet templates. Adding an outlet = one module with an ``Outlet`` subclass + one line below.

Order matters only for the round-robin spread of ``extra_articles`` and for the order of ``outlets``.
"""

from __future__ import annotations

from ..model import Outlet
from .broken import BROKEN_OUTLET_CLASSES  # noqa: F401 - health-check tests only, never crawled
from .lamha import Lamha
from .marsad import Marsad
from .nile import Nile
from .qadim import Qadim
from .rawi import BYLINE_OUTLET_CLASSES  # noqa: F401 - byline tests only, served apart
from .sahel import Sahel
from .wadi import Wadi

OUTLET_CLASSES: tuple[type[Outlet], ...] = (Wadi, Sahel, Nile, Qadim, Lamha, Marsad)
