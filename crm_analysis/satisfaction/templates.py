"""Ready-made customer satisfaction index models: the ECSI and the ACSI.

**ECSI** (European Customer Satisfaction Index; Tenenhaus et al. 2005, Fig. 1):
image, customer expectations, perceived quality and perceived value drive
satisfaction; satisfaction drives complaints and loyalty; image also drives
expectations, and loyalty directly::

    image -> expectations, satisfaction, loyalty
    expectations -> quality, value, satisfaction
    quality -> value, satisfaction
    value -> satisfaction
    satisfaction -> complaints, loyalty
    complaints -> loyalty

**ACSI** (American Customer Satisfaction Index; Fornell, Johnson, Anderson,
Cha & Bryant 1996): the same chain without image::

    expectations -> quality, value, satisfaction
    quality -> value, satisfaction
    value -> satisfaction
    satisfaction -> complaints, loyalty
    complaints -> loyalty

Default item names are those of :func:`crm_analysis.datasets.make_survey` and of
the R plspm ``satisfaction`` data (imag1-5, expe1-5, qual1-5, val1-4, sat1-4,
comp1-3, loy1-4).  The plspm data have no complaints block: pass
``complaints=False``.
"""
from __future__ import annotations

from .pls import PLSPathModel

__all__ = ["ecsi_model", "acsi_model", "ecsi_specification", "acsi_specification", "DEFAULT_BLOCKS"]

#: Item columns of make_survey and of the plspm satisfaction data.
DEFAULT_BLOCKS = {
    "image": [f"imag{i}" for i in range(1, 6)],
    "expectations": [f"expe{i}" for i in range(1, 6)],
    "quality": [f"qual{i}" for i in range(1, 6)],
    "value": [f"val{i}" for i in range(1, 5)],
    "satisfaction": [f"sat{i}" for i in range(1, 5)],
    "complaints": [f"comp{i}" for i in range(1, 4)],
    "loyalty": [f"loy{i}" for i in range(1, 5)],
}

_CORE = [("expectations", "quality"), ("expectations", "value"), ("expectations", "satisfaction"),
         ("quality", "value"), ("quality", "satisfaction"), ("value", "satisfaction")]
_COMPLAINTS = [("satisfaction", "complaints"), ("complaints", "loyalty")]


def _specification(paths, blocks, complaints):
    if not complaints:
        paths = [p for p in paths if "complaints" not in p]
    used = {c for pair in paths for c in pair}
    blocks = dict(DEFAULT_BLOCKS if blocks is None else blocks)
    missing = sorted(used - set(blocks))
    if missing:
        from ..exceptions import CRMDataError

        raise CRMDataError(f"blocks has no indicators for construct(s) {missing}")
    return paths, {c: list(items) for c, items in blocks.items() if c in used}


def ecsi_specification(blocks: dict | None = None, *, complaints: bool = True):
    """(paths, blocks) of the ECSI model; ``blocks`` overrides the default item names."""
    paths = ([("image", "expectations"), ("image", "satisfaction"), ("image", "loyalty")] + _CORE
             + [("satisfaction", "loyalty")] + _COMPLAINTS)
    return _specification(paths, blocks, complaints)


def acsi_specification(blocks: dict | None = None, *, complaints: bool = True):
    """(paths, blocks) of the ACSI model; ``blocks`` overrides the default item names."""
    paths = _CORE + [("satisfaction", "loyalty")] + _COMPLAINTS
    return _specification(paths, blocks, complaints)


def ecsi_model(blocks: dict | None = None, *, complaints: bool = True, **settings) -> PLSPathModel:
    """An unfitted :class:`PLSPathModel` of the ECSI; ``settings`` go to PLSPathModel (scheme, scaled, ...)."""
    paths, blocks = ecsi_specification(blocks, complaints=complaints)
    return PLSPathModel(paths=paths, blocks=blocks, **settings)


def acsi_model(blocks: dict | None = None, *, complaints: bool = True, **settings) -> PLSPathModel:
    """An unfitted :class:`PLSPathModel` of the ACSI; ``settings`` go to PLSPathModel (scheme, scaled, ...)."""
    paths, blocks = acsi_specification(blocks, complaints=complaints)
    return PLSPathModel(paths=paths, blocks=blocks, **settings)
