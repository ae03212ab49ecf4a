"""Saved models: a readable JSON *model card* per fitted estimator, and :func:`load_model` to read it back.

``model.save("bgnbd.json")`` (:meth:`crm_analysis.base.CRMEstimator.save`)
writes one JSON document; ``crm_analysis.load_model("bgnbd.json")`` returns an
estimator of the same class whose predictions are *identical* (bit for bit) to
the saved one's.  No pickle is used anywhere: a card holds only data (numbers,
text, tables), never code.

What a card holds
-----------------
========================  ==================================================================
``card_format``           version of this layout (:data:`CARD_FORMAT`); readers accept
                          :data:`SUPPORTED_CARD_FORMATS`
``model``                 ``{"module": ..., "class": ...}`` of the estimator
``crm_analysis_version``  the package version that wrote the card
``written_at``            date and time written, UTC ISO 8601
``environment``           Python, NumPy, pandas, SciPy, scikit-learn (and skops) versions
``settings``              the constructor settings, ``get_params(deep=False)``
``state``                 every learned attribute: parameters (``params_``), covariance
                          (``covariance_log_``, ``cov_params_``), time unit (``time_unit_``),
                          sample size (``n_customers_``, ``n_obs_``), fit statistics
                          (``log_likelihood_``, ``aic_``, ``bic_``, ...) and anything else the
                          predictions use (private ``_hessian`` included)
``excluded``              ``{attribute: reason}``: learned attributes deliberately not saved
``skops``                 ``null``, or the scikit-learn objects written next to the card in
                          skops format: ``{"file", "sha256", "attributes", "format"}``
========================  ==================================================================

The state is collected *generically*: every instance attribute that is not a
constructor setting (so attributes added to a class later are saved without
changes here), less :data:`EXCLUDED_ATTRIBUTES`.  Values may be ``None``,
bool, int, float (``nan``/``inf`` encoded explicitly, JSON has no NaN), str,
lists, tuples, dicts (any hashable keys), NumPy arrays and scalars, pandas
Series, DataFrames and Index objects (values, index, columns, dtypes, names and
``attrs``) and Timestamps.  Anything else makes :meth:`save` fail with a
``TypeError`` naming the attribute, before a byte is written.  Non-JSON values
are tagged objects ``{"__kind__": "pandas.Series", ...}``; floats are written
in Python's shortest round-trip form, so every number reads back exactly.

No training data
----------------
Models keep no copy of their training data (design.md section 3), and a card
keeps no per-customer or per-respondent table either.  Learned attributes that
*are* such tables are listed in :data:`EXCLUDED_ATTRIBUTES` and left out:

* ``PLSPathModel.scores_`` -- the standardised construct scores of the training
  respondents.  After loading, ``model.scores_`` raises an ``AttributeError``
  saying the loaded model has no training scores (refit to get them);
  :meth:`~crm_analysis.satisfaction.PLSPathModel.index_scores` and the path
  coefficients, loadings, reliability and bootstrap tables work as before, and
  ``bootstrap(data)`` still checks that ``data`` is the fitted survey by its
  digest (``data_fingerprint_``, a SHA-1 of the answers, not the answers).

What remains grows with the *model*, not with the customers: parameters,
covariances, item and construct tables, category levels.  Two attributes grow
with the number of *distinct values* in the data, because predictions need
them: ``CoxChurnModel.baseline_cumulative_hazard_`` (one row per distinct
tenure, the Breslow step function of :meth:`predict_survival`) and the trees of
a random-forest or boosting ``ChurnClassifier`` (more leaves on more data).
The BTYD models' ``summary_fingerprint_`` and the PLS ``data_fingerprint_`` are
digests that recognise the training table, not copies of it.

scikit-learn objects
--------------------
Attributes holding a fitted scikit-learn estimator (``ChurnClassifier.pipeline_``)
are written next to the card in the skops format (``churn.json`` ->
``churn.skops``, deflate-compressed); the card records the file name and its
SHA-256, checked on load.  Loading trusts only the types skops trusts by
default plus those of :data:`SKOPS_TRUSTED_PREFIXES` (``sklearn.``, ``numpy.``,
``scipy.``), less :data:`SKOPS_DENIED_PREFIXES` (file and OS access); any other
type in the file is a :class:`~crm_analysis.exceptions.CRMDataError` naming it.
Nothing is ever loaded with blanket trust.

Versions
--------
A card written by another crm_analysis version loads, with a
:class:`ModelCardVersionWarning` naming both versions, when its
``card_format`` is supported; a newer or unknown format, a model class this
version does not have, settings its constructor does not take, a missing field
(named in the message) or a skops file whose hash does not match are a
``CRMDataError`` saying why.  Writing is atomic: the card (and skops file) are
written to temporary files, synced, and only then renamed over the targets, so
a failed :meth:`save` (a full disk, an attribute that cannot be stored) leaves
any earlier card in place and no half-written one.  (Only a failure between
the two renames could leave a new skops file with the earlier card; loading
then refuses it by its SHA-256.)
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import math
import os
import platform
import tempfile
import warnings
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from .exceptions import CRMDataError

__all__ = ["CARD_FORMAT", "SUPPORTED_CARD_FORMATS", "EXCLUDED_ATTRIBUTES", "ModelCardVersionWarning", "save_model",
           "load_model", "model_card", "skops_path", "excluded_attributes", "SKOPS_TRUSTED_PREFIXES"]

#: layout version written by this crm_analysis
CARD_FORMAT = 1
#: layout versions this crm_analysis reads
SUPPORTED_CARD_FORMATS = (1,)

#: learned attributes never written to a card, by class (``module.Class``; subclasses inherit): training data
EXCLUDED_ATTRIBUTES: dict[str, dict[str, str]] = {
    "crm_analysis.satisfaction.pls.PLSPathModel": {
        "scores_": "per-respondent construct scores of the training survey (training data: model cards keep "
                   "none); refit the model on the survey to get them, or score answers with index_scores(data)",
    },
}

#: the top-level fields of a card, all required
CARD_FIELDS = ("card_format", "model", "crm_analysis_version", "written_at", "environment", "settings", "state",
               "excluded", "skops")

#: type-name prefixes of a skops file that may be trusted, beyond those skops trusts by default
SKOPS_TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.")
#: ... less these (file, OS and foreign-code access)
SKOPS_DENIED_PREFIXES = ("numpy.load", "numpy.lib.npyio", "numpy.lib.format", "numpy.memmap", "numpy.fromfile",
                         "numpy.ctypeslib", "numpy.f2py", "numpy.distutils", "numpy.testing", "scipy.io",
                         "scipy.weave", "sklearn.externals", "sklearn.datasets", "sklearn.utils._testing")

_KIND = "__kind__"
_FLOAT_TEXT = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


class ModelCardVersionWarning(UserWarning):
    """The card was written by another crm_analysis version; it loads, but check its predictions."""


def _package_version() -> str:
    from . import __version__

    return __version__


# =========================================================================== encoding
def _float_value(x: float):
    """A float as JSON: itself when finite, else the text ``"nan"``, ``"inf"`` or ``"-inf"``."""
    if math.isfinite(x):
        return x
    return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")


def _dtype_name(dtype: np.dtype) -> str:
    return dtype.name if dtype.kind in "biufmMO" else dtype.str


def _encode_ndarray(array: np.ndarray, where: str) -> dict:
    """``{"dtype", "shape", "values"}`` of a NumPy array (values flat, in C order)."""
    kind = array.dtype.kind
    flat = array.reshape(-1, order="C")
    if kind == "f":
        values = [_float_value(v) for v in flat.tolist()]
    elif kind in "biu":
        values = flat.tolist()
    elif kind in "mM":
        values = flat.view("int64").tolist()
    elif kind == "U":
        values = flat.tolist()
    elif kind == "O":
        values = [_encode(v, f"{where}[{i}]") for i, v in enumerate(flat.tolist())]
    else:
        raise TypeError(f"{where}: a model card cannot store NumPy arrays of dtype {array.dtype}")
    return {"dtype": _dtype_name(array.dtype), "shape": list(array.shape), "values": values}


def _encode_values(values, where: str) -> dict:
    """The values of a Series, an Index or a DataFrame column, with their dtype."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categorical = pd.Categorical(values)
        return {"dtype": "category", "ordered": bool(dtype.ordered),
                "categories": _encode_index(dtype.categories, f"{where}.categories"),
                "codes": categorical.codes.tolist()}
    if isinstance(dtype, pd.StringDtype):
        return {"dtype": "pandas.string", "name": str(dtype), "storage": dtype.storage,
                "values": [None if pd.isna(v) else str(v) for v in values]}
    if isinstance(dtype, np.dtype):
        out = _encode_ndarray(np.asarray(values), where)
        del out["shape"]  # one-dimensional
        return out
    raise TypeError(f"{where}: a model card cannot store pandas values of dtype {dtype}")


def _encode_index(index: pd.Index, where: str) -> dict:
    if isinstance(index, pd.RangeIndex):
        return {_KIND: "pandas.RangeIndex", "start": index.start, "stop": index.stop, "step": index.step,
                "name": _encode(index.name, f"{where}.name")}
    if isinstance(index, pd.MultiIndex):
        return {_KIND: "pandas.MultiIndex", "names": [_encode(n, f"{where}.names") for n in index.names],
                "levels": [_encode_index(level, f"{where}.levels") for level in index.levels],
                "codes": [codes.tolist() for codes in index.codes]}
    if isinstance(index, pd.DatetimeIndex) and index.tz is not None:
        raise TypeError(f"{where}: a model card cannot store time-zone aware indexes")
    out = {_KIND: "pandas.Index", "name": _encode(index.name, f"{where}.name"),
           **_encode_values(index.array if not isinstance(index.dtype, np.dtype) else index.to_numpy(), where)}
    if getattr(index, "freqstr", None) is not None:  # DatetimeIndex / TimedeltaIndex with a frequency
        out["freq"] = index.freqstr
    return out


def _encode(value, where: str):
    """``value`` as JSON-ready data (tagged objects for what JSON lacks); TypeError for anything unsupported."""
    if isinstance(value, np.generic):  # first: np.float64 is a float, np.str_ a str
        if value.dtype.kind not in "biufU":
            raise TypeError(f"{where}: a model card cannot store NumPy scalars of dtype {value.dtype}")
        item = value.item()
        return {_KIND: "numpy.scalar", "dtype": _dtype_name(value.dtype),
                "value": _float_value(item) if value.dtype.kind == "f" else item}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else {_KIND: "float", "value": _float_value(value)}
    if isinstance(value, tuple):
        return {_KIND: "tuple", "items": [_encode(v, f"{where}[{i}]") for i, v in enumerate(value)]}
    if isinstance(value, list):
        return [_encode(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and _KIND not in value:
            return {k: _encode(v, f"{where}.{k}") for k, v in value.items()}
        return {_KIND: "dict", "items": [[_encode(k, f"{where} key"), _encode(v, f"{where}[{k!r}]")]
                                         for k, v in value.items()]}
    if isinstance(value, np.ndarray):
        return {_KIND: "numpy.ndarray", **_encode_ndarray(value, where)}
    if isinstance(value, pd.Series):
        out = {_KIND: "pandas.Series", "name": _encode(value.name, f"{where}.name"),
               "index": _encode_index(value.index, f"{where}.index"), **_encode_values(value.array if not
                                                                                      isinstance(value.dtype, np.dtype)
                                                                                      else value.to_numpy(), where)}
        if value.attrs:
            out["attrs"] = _encode(dict(value.attrs), f"{where}.attrs")
        return out
    if isinstance(value, pd.DataFrame):
        out = {_KIND: "pandas.DataFrame", "index": _encode_index(value.index, f"{where}.index"),
               "columns": _encode_index(value.columns, f"{where}.columns"),
               "data": [_encode_values(value.iloc[:, j].array if not isinstance(value.dtypes.iloc[j], np.dtype)
                                       else value.iloc[:, j].to_numpy(), f"{where}[{value.columns[j]!r}]")
                        for j in range(value.shape[1])]}
        if value.attrs:
            out["attrs"] = _encode(dict(value.attrs), f"{where}.attrs")
        return out
    if isinstance(value, pd.Index):
        return _encode_index(value, where)
    if value is pd.NaT:
        return {_KIND: "pandas.NaT"}
    if isinstance(value, pd.Timestamp):
        return {_KIND: "pandas.Timestamp", "value": value.isoformat()}
    raise TypeError(f"{where}: a model card cannot store a {type(value).__module__}.{type(value).__qualname__}; "
                    f"store the learned state as numbers, text, arrays or pandas tables, or list the attribute "
                    f"in crm_analysis.model_card.EXCLUDED_ATTRIBUTES if predictions do not need it")


# =========================================================================== decoding
def _need(obj: dict, key: str, where: str):
    if not isinstance(obj, dict) or key not in obj:
        raise CRMDataError(f"the model card is damaged: field '{where}.{key}' is missing")
    return obj[key]


def _decode_ndarray(obj: dict, where: str) -> np.ndarray:
    dtype = np.dtype(_need(obj, "dtype", where))
    values = _need(obj, "values", where)
    shape = tuple(_need(obj, "shape", where)) if "shape" in obj else (len(values),)
    if dtype.kind == "f":
        array = np.array([_FLOAT_TEXT[v] if isinstance(v, str) else v for v in values], dtype=dtype)
    elif dtype.kind in "mM":
        array = np.array(values, dtype="int64").view(dtype)
    elif dtype.kind == "O":
        array = np.empty(len(values), dtype=object)
        for i, v in enumerate(values):
            array[i] = _decode(v, f"{where}[{i}]")
    else:
        array = np.array(values, dtype=dtype)
    return array.reshape(shape)


def _decode_values(obj: dict, where: str):
    """Values of a Series / Index / column: a NumPy array or a pandas extension array."""
    dtype = _need(obj, "dtype", where)
    if dtype == "category":
        categories = _decode_index(_need(obj, "categories", where), f"{where}.categories")
        return pd.Categorical.from_codes(_need(obj, "codes", where), categories=categories,
                                         ordered=bool(_need(obj, "ordered", where)))
    if dtype == "pandas.string":
        name, storage = _need(obj, "name", where), _need(obj, "storage", where)
        string_dtype = pd.StringDtype(storage, na_value=np.nan) if name == "str" else pd.StringDtype(storage)
        return pd.array(_need(obj, "values", where), dtype=string_dtype)
    return _decode_ndarray(obj, where)


def _decode_index(obj: dict, where: str) -> pd.Index:
    kind = _need(obj, _KIND, where)
    if kind == "pandas.RangeIndex":
        return pd.RangeIndex(_need(obj, "start", where), _need(obj, "stop", where), _need(obj, "step", where),
                             name=_decode(_need(obj, "name", where), f"{where}.name"))
    if kind == "pandas.MultiIndex":
        return pd.MultiIndex(levels=[_decode_index(level, f"{where}.levels") for level in _need(obj, "levels", where)],
                             codes=_need(obj, "codes", where),
                             names=[_decode(n, f"{where}.names") for n in _need(obj, "names", where)])
    if kind != "pandas.Index":
        raise CRMDataError(f"the model card is damaged: field '{where}' should be an index, found {kind!r}")
    values = _decode_values(obj, where)
    name = _decode(_need(obj, "name", where), f"{where}.name")
    index = pd.Index(values, dtype=values.dtype, name=name, copy=False)
    if obj.get("freq") is not None:
        index.freq = obj["freq"]
    return index


def _series(values, index, name) -> pd.Series:
    return pd.Series(values, index=index, name=name, dtype=values.dtype, copy=False)


def _decode_tagged(obj: dict, where: str):
    kind = obj[_KIND]
    if kind == "float":
        return _FLOAT_TEXT[_need(obj, "value", where)]
    if kind == "numpy.scalar":
        dtype, value = np.dtype(_need(obj, "dtype", where)), _need(obj, "value", where)
        if dtype.kind == "f" and isinstance(value, str):
            value = _FLOAT_TEXT[value]
        return np.array(value, dtype=dtype)[()]
    if kind == "tuple":
        return tuple(_decode(v, f"{where}[{i}]") for i, v in enumerate(_need(obj, "items", where)))
    if kind == "dict":
        return {_decode(k, f"{where} key"): _decode(v, f"{where}[{k!r}]") for k, v in _need(obj, "items", where)}
    if kind == "numpy.ndarray":
        return _decode_ndarray(obj, where)
    if kind in ("pandas.Index", "pandas.RangeIndex", "pandas.MultiIndex"):
        return _decode_index(obj, where)
    if kind == "pandas.Series":
        out = _series(_decode_values(obj, where), _decode_index(_need(obj, "index", where), f"{where}.index"),
                      _decode(_need(obj, "name", where), f"{where}.name"))
        out.attrs = _decode(obj.get("attrs", {}), f"{where}.attrs")
        return out
    if kind == "pandas.DataFrame":
        index = _decode_index(_need(obj, "index", where), f"{where}.index")
        columns = _decode_index(_need(obj, "columns", where), f"{where}.columns")
        data = _need(obj, "data", where)
        if len(data) != len(columns):
            raise CRMDataError(f"the model card is damaged: field '{where}' has {len(columns)} column names "
                               f"but {len(data)} columns")
        out = pd.DataFrame({j: _decode_values(col, f"{where}[{j}]") for j, col in enumerate(data)}, index=index,
                           copy=False)
        out.columns = columns
        out.attrs = _decode(obj.get("attrs", {}), f"{where}.attrs")
        return out
    if kind == "pandas.NaT":
        return pd.NaT
    if kind == "pandas.Timestamp":
        return pd.Timestamp(_need(obj, "value", where))
    raise CRMDataError(f"the model card is damaged: field '{where}' has an unknown kind {kind!r}")


def _decode(obj, where: str):
    if isinstance(obj, list):
        return [_decode(v, f"{where}[{i}]") for i, v in enumerate(obj)]
    if isinstance(obj, dict):
        if _KIND in obj:
            try:
                return _decode_tagged(obj, where)
            except CRMDataError:
                raise
            except (KeyError, ValueError, TypeError, IndexError) as exc:
                raise CRMDataError(f"the model card is damaged: field '{where}' cannot be read "
                                   f"({type(exc).__name__}: {exc})") from exc
        return {k: _decode(v, f"{where}.{k}") for k, v in obj.items()}
    return obj


# =========================================================================== what is saved
def _qualified(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def excluded_attributes(model) -> dict[str, str]:
    """``{attribute: reason}`` of the learned attributes of ``model``'s class that a card leaves out."""
    out: dict[str, str] = {}
    for cls in reversed(type(model).__mro__):
        out.update(EXCLUDED_ATTRIBUTES.get(_qualified(cls), {}))
    return out


def _is_sklearn_object(value) -> bool:
    from sklearn.base import BaseEstimator

    from .base import CRMEstimator

    return isinstance(value, BaseEstimator) and not isinstance(value, CRMEstimator)


def _learned_state(model) -> tuple[dict, dict, dict]:
    """``(state, sklearn objects, excluded)``: every instance attribute that is not a setting, sorted out."""
    settings = model.get_params(deep=False)
    skipped = excluded_attributes(model)
    state, sklearn_objects, excluded = {}, {}, {}
    for name, value in vars(model).items():
        if name in settings or name == "_loaded_without":
            continue
        if name in skipped:
            excluded[name] = skipped[name]
        elif _is_sklearn_object(value):
            sklearn_objects[name] = value
        else:
            state[name] = value
    # a loaded model that was not refitted still lacks what its card left out: say so again
    for name, reason in (vars(model).get("_loaded_without") or {}).items():
        if name not in vars(model):
            excluded.setdefault(name, reason)
    return state, sklearn_objects, excluded


def _environment(with_skops: bool) -> dict:
    import scipy
    import sklearn

    env = {"python": platform.python_version(), "numpy": np.__version__, "pandas": pd.__version__,
           "scipy": scipy.__version__, "scikit-learn": sklearn.__version__}
    if with_skops:
        import skops

        env["skops"] = skops.__version__
    return env


def model_card(model, *, skops_file: str | None = None, skops_sha256: str | None = None) -> dict:
    """The model card of a fitted ``model`` as a dict (what :func:`save_model` writes, as JSON)."""
    model._check_fitted()
    cls = type(model)
    state, sklearn_objects, excluded = _learned_state(model)
    name = cls.__name__
    card = {
        "card_format": CARD_FORMAT,
        "model": {"module": cls.__module__, "class": cls.__qualname__},
        "crm_analysis_version": _package_version(),
        "written_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "environment": _environment(bool(sklearn_objects)),
        "settings": {k: _encode(v, f"{name} setting {k}") for k, v in model.get_params(deep=False).items()},
        "state": {k: _encode(v, f"{name}.{k}") for k, v in state.items()},
        "excluded": excluded,
        "skops": None,
    }
    if sklearn_objects:
        card["skops"] = {"file": skops_file, "sha256": skops_sha256, "format": "skops",
                         "attributes": list(sklearn_objects)}
    return card


# =========================================================================== writing
def _dumps(obj, level: int = 0) -> str:
    """JSON, indented, with lists of plain values on one line (readable tables); never NaN."""
    if isinstance(obj, dict) and obj:
        pad = "  " * (level + 1)
        items = [f"{pad}{json.dumps(str(k), ensure_ascii=False)}: {_dumps(v, level + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * level + "}"
    if isinstance(obj, list) and any(isinstance(v, (dict, list)) for v in obj):
        pad = "  " * (level + 1)
        return "[\n" + ",\n".join(pad + _dumps(v, level + 1) for v in obj) + "\n" + "  " * level + "]"
    return json.dumps(obj, ensure_ascii=False, allow_nan=False)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_atomic(files: list[tuple[Path, bytes]]) -> None:
    """Write each ``(path, data)`` via a temporary file in the same folder and a rename (never half a file).

    All temporary files are written (and synced) first and renamed only when
    every one is complete, so a full disk or any other write error leaves the
    earlier files untouched.
    """
    temps: list[str] = []
    try:
        for path, data in files:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append(tmp)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~_umask())
        for tmp, (path, _data) in zip(list(temps), files):
            os.replace(tmp, path)
            temps.remove(tmp)
    finally:
        for tmp in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def skops_path(card_path) -> Path:
    """Where the scikit-learn objects of the card at ``card_path`` go: same name, suffix ``.skops``."""
    return Path(card_path).with_suffix(".skops")


def save_model(model, path) -> Path:
    """Write the model card of the fitted ``model`` to ``path`` (JSON) and return the path written.

    scikit-learn objects (``ChurnClassifier.pipeline_``) go to
    :func:`skops_path` next to it, their SHA-256 in the card.  Everything is
    encoded in memory first; the files are then written atomically.

    Raises
    ------
    NotFittedError
        ``model`` is not fitted.
    TypeError
        A setting or learned attribute has a type a card cannot store (named).
    """
    path = Path(path)
    if path.suffix.lower() == ".skops":
        raise ValueError(f"{path}: the card is JSON; the .skops file name is derived from it (use e.g. "
                         f"{path.with_suffix('.json').name})")
    model._check_fitted()
    _state, sklearn_objects, _excluded = _learned_state(model)
    blob = None
    extra = {}
    if sklearn_objects:
        import zipfile

        import skops.io as sio

        blob = sio.dumps(sklearn_objects, compression=zipfile.ZIP_DEFLATED)
        extra = {"skops_file": skops_path(path).name, "skops_sha256": hashlib.sha256(blob).hexdigest()}
    card = model_card(model, **extra)
    text = _dumps(card) + "\n"
    # the skops file first: a card is never on disk without the pipeline it names
    _write_atomic(([(skops_path(path), blob)] if blob is not None else []) + [(path, text.encode("utf-8"))])
    return path


# =========================================================================== reading
def _find_class(module: str, name: str, written_by: str):
    """The estimator class of a card: by module and name, else (moved) by name among crm_analysis' estimators."""
    from .base import CRMEstimator

    if not isinstance(module, str) or not (module == "crm_analysis" or module.startswith("crm_analysis.")):
        raise CRMDataError(f"the model card names the class {name!r} of module {module!r}, which is not part of "
                           f"crm_analysis: only crm_analysis models are loaded")
    cls = None
    with contextlib.suppress(ImportError):
        cls = getattr(importlib.import_module(module), str(name), None)
    if not (isinstance(cls, type) and issubclass(cls, CRMEstimator)):
        for package in ("value", "satisfaction", "churn"):
            importlib.import_module(f"crm_analysis.{package}")
        found = {c for c in _subclasses(CRMEstimator) if c.__qualname__ == name}
        cls = found.pop() if len(found) == 1 else None
    if cls is None:
        raise CRMDataError(f"the model card is for the class {module}.{name} (written by crm_analysis {written_by}), "
                           f"which does not exist in crm_analysis {_package_version()}")
    return cls


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _skops_trusted(untrusted: list[str], file: str) -> list[str]:
    refused = [t for t in untrusted if not t.startswith(SKOPS_TRUSTED_PREFIXES) or t.startswith(SKOPS_DENIED_PREFIXES)]
    if refused:
        raise CRMDataError(f"{file} holds types that are not trusted ({refused}); only scikit-learn, NumPy and SciPy "
                           f"types are loaded from a model's skops file: it was not written by crm_analysis, or "
                           f"was changed")
    return list(untrusted)


def _load_sklearn_objects(info: dict, card_path: Path, environment: dict) -> dict:
    import skops.io as sio

    file_name = _need(info, "file", "skops")
    expected = _need(info, "sha256", "skops")
    attributes = _need(info, "attributes", "skops")
    if not isinstance(file_name, str) or Path(file_name).name != file_name:
        raise CRMDataError(f"the model card is damaged: field 'skops.file' must be a file name next to the card, "
                           f"got {file_name!r}")
    file = card_path.parent / file_name
    if not file.exists():
        raise CRMDataError(f"the model card needs {file_name} next to it (the fitted scikit-learn pipeline), "
                           f"which is missing in {card_path.parent}")
    data = file.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise CRMDataError(f"{file_name} does not match its model card: SHA-256 {actual} but the card records "
                           f"{expected}; the file was changed or belongs to another card")
    trusted = _skops_trusted(sio.get_untrusted_types(data=data), file_name)
    objects = sio.loads(data, trusted=trusted)
    if not isinstance(objects, dict) or set(objects) != set(attributes):
        raise CRMDataError(f"{file_name} does not hold the attributes {attributes} its card lists")
    import sklearn

    written_with = environment.get("scikit-learn") if isinstance(environment, dict) else None
    if written_with is not None and written_with != sklearn.__version__:
        warnings.warn(f"{file_name} was written with scikit-learn {written_with}; this is scikit-learn "
                      f"{sklearn.__version__}: the pipeline loads, but its predictions may differ",
                      ModelCardVersionWarning, stacklevel=3)
    return objects


def load_model(path):
    """Read a model card written by :meth:`~crm_analysis.base.CRMEstimator.save`; returns the fitted estimator.

    Its predictions are identical to those of the model that was saved.
    Attributes the card leaves out (training data, see the card's
    ``excluded`` field) raise an ``AttributeError`` that says so.

    Raises
    ------
    CRMDataError
        Not a model card (not JSON, a missing field: named), a card format this
        version does not read (newer or unknown), a class that does not exist,
        settings the class does not take, a skops file that is missing, does
        not match its SHA-256 or holds untrusted types.

    Warns
    -----
    ModelCardVersionWarning
        The card was written by another crm_analysis version (both named), or
        its pipeline by another scikit-learn version.
    """
    path = Path(path)
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CRMDataError(f"{path} is not a model card: it is not valid JSON ({exc})") from exc
    if not isinstance(card, dict):
        raise CRMDataError(f"{path} is not a model card: the JSON is not an object")
    if "card_format" not in card:
        raise CRMDataError(f"{path} is not a model card or is damaged: field 'card_format' is missing")
    version = _package_version()
    fmt = card["card_format"]
    written_by = card.get("crm_analysis_version", "an unknown version")
    if isinstance(fmt, bool) or not isinstance(fmt, int) or fmt not in SUPPORTED_CARD_FORMATS:
        newer = isinstance(fmt, int) and not isinstance(fmt, bool) and fmt > max(SUPPORTED_CARD_FORMATS)
        raise CRMDataError(f"{path} has card format {fmt!r} (written by crm_analysis {written_by}); crm_analysis "
                           f"{version} reads card formats {list(SUPPORTED_CARD_FORMATS)}"
                           + ("; upgrade crm_analysis to load it" if newer else ""))
    for field in CARD_FIELDS:
        if field not in card:
            raise CRMDataError(f"the model card {path} is damaged: field '{field}' is missing")
    module = _need(card["model"], "module", "model")
    name = _need(card["model"], "class", "model")
    if written_by != version:
        warnings.warn(f"{path.name} was written by crm_analysis {written_by}; this is crm_analysis {version}. Card "
                      f"format {fmt} is supported, so it loads, but check its predictions (refit with {version} to "
                      f"be sure)", ModelCardVersionWarning, stacklevel=2)
    cls = _find_class(module, name, written_by)
    for field in ("settings", "state", "excluded"):
        if not isinstance(card[field], dict):
            raise CRMDataError(f"the model card {path} is damaged: field '{field}' must be an object")
    settings = {k: _decode(v, f"settings.{k}") for k, v in card["settings"].items()}
    try:
        model = cls(**settings)
    except TypeError as exc:
        raise CRMDataError(f"the model card's settings {sorted(settings)} do not fit {cls.__name__} of crm_analysis "
                           f"{version} (card written by {written_by}): {exc}") from exc
    for attribute, value in card["state"].items():
        if not attribute.isidentifier() or attribute.startswith("__") or callable(getattr(cls, attribute, None)):
            raise CRMDataError(f"the model card {path} is damaged: field 'state.{attribute}' is not a learned "
                               f"attribute of {cls.__name__} (it would replace a method or a special attribute)")
        setattr(model, attribute, _decode(value, f"state.{attribute}"))
    if card["skops"] is not None:
        for attribute, value in _load_sklearn_objects(card["skops"], path, card["environment"]).items():
            setattr(model, attribute, value)
    if card["excluded"]:
        model._loaded_without = {str(k): str(v) for k, v in card["excluded"].items()}
    if not model.__sklearn_is_fitted__():
        raise CRMDataError(f"the model card {path} is damaged: field 'state.{cls._fitted_attribute}' (the fitted "
                           f"{cls.__name__}'s {cls._fitted_attribute}) is missing")
    for attribute in getattr(cls, "_card_required", ()):  # state the predictions cannot do without (units above all)
        if attribute not in card["state"]:
            raise CRMDataError(f"the model card {path} is damaged: field 'state.{attribute}' is missing; without "
                               f"it {cls.__name__} would predict without knowing its {attribute.rstrip('_')}")
    return model
