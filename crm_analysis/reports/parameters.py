"""Notebook parameters: what a notebook declares, and values checked against it.

A notebook declares its parameters in the first code cell tagged
``parameters``, one annotated literal per line::

    observation_end: str = "1997-09-30"  # end of the calibration window
    n_boot: int = 500
    survey_file: str | None = None

:func:`notebook_parameters` reads that cell with Python's own parser (``ast``),
so ``str | None``, ``Optional[int]`` and ``list[str]`` are understood (papermill's
regular expressions miss ``str | None``).  An unannotated line (``n = 5``)
declares the type of its default literal.

:func:`coerce_parameters` checks every value against the declared type and
returns JSON-ready values (what papermill writes into the notebook):

========  ==================================================================
declared  accepted
========  ==================================================================
``str``   text, kept exactly as written: ``-p observation_end 1997-12-31``
          gives the text ``"1997-12-31"`` (YAML would read a date); a
          ``datetime.date`` / ``datetime`` from Python gives its ISO text;
          a ``pathlib.Path`` its string.  Numbers and booleans from Python
          are refused (write them as text).
``int``   whole numbers: ``3``, ``-2``; from text only decimal digits
          (``"1.5"``, ``"abc"``, ``"010"``-as-octal and ``True`` are refused;
          ``010`` is read as ten, never as YAML's octal eight).
``float`` numbers: ``0.1``, ``1e-3``, and ints (``2`` gives ``2.0``); not
          booleans, and not NaN or infinity.
``bool``  ``true``/``false``, ``yes``/``no``, ``on``/``off`` in any letter
          case (the YAML 1.1 booleans), Python ``True``/``False``; anything
          else (``maybe``, ``1``, ``0``) is refused.
``X | None`` / ``Optional[X]``
          ``null``, ``~``, ``None`` (or Python ``None``) give ``None``;
          anything else is checked as ``X``.
``list``, ``list[X]``, ``tuple[X, ...]``
          a YAML/JSON list (``[a, b]``) or a Python list/tuple; elements are
          checked as ``X`` when declared.
``dict``, ``dict[K, V]``
          a YAML/JSON mapping or a Python dict.
========  ==================================================================

Values from the command line (``-p NAME VALUE``) and from a ``--params`` file
arrive as :class:`YamlText`: the text exactly as written, so the declared
type, not YAML's guess, decides what it means.  Quoted YAML text
(``"1997-12-31"``) is always text.  Any mismatch is a
:class:`~crm_analysis.exceptions.CRMDataError` naming the notebook, the
parameter, the declared type and the value given.
"""
from __future__ import annotations

import ast
import datetime as _dt
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from ..exceptions import CRMDataError

_BOOLEANS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
_NULLS = {"", "~", "null", "Null", "NULL", "None"}
_INT_TEXT = re.compile(r"[+-]?\d+")
_FLOAT_TEXT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


class YamlText(str):
    """Text exactly as the user wrote it (a ``-p`` value or an unquoted scalar of a ``--params`` file).

    Its meaning is decided by the declared type of the parameter it is given to,
    not by YAML's resolver (which reads ``1997-12-31`` as a date and ``010`` as 8).
    """


# ---------------------------------------------------------------------------------------- YAML text
class _TextLoader(yaml.SafeLoader):
    """A YAML loader that keeps every unquoted scalar as :class:`YamlText`."""


def _plain_scalar(loader, node):
    if node.style is None:  # plain (unquoted): keep the text, the declared type decides
        return YamlText(node.value)
    return loader.construct_yaml_str(node)


for _tag in ("str", "int", "float", "bool", "null", "timestamp"):
    _TextLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _plain_scalar)


def parse_text(text: str, *, source: str = "value"):
    """Read ``text`` as YAML keeping unquoted scalars as :class:`YamlText` (lists and mappings are read)."""
    try:
        return yaml.load(text, Loader=_TextLoader)  # noqa: S506 -- a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise CRMDataError(f"{source} is not valid YAML: {' '.join(str(exc).split())}") from None


def cli_value(text: str):
    """A ``-p NAME VALUE`` value: YAML text whose plain scalars stay text (see :class:`YamlText`).

    A quoted value (``'"abc"'``) is text without its quotes; ``[a, b]`` and
    ``{a: 1}`` are a list and a mapping; anything else is the text as given.
    """
    try:
        value = yaml.load(text, Loader=_TextLoader)  # noqa: S506 -- a SafeLoader subclass
    except yaml.YAMLError:
        return YamlText(text)
    if isinstance(value, (list, dict)) or (isinstance(value, str) and not isinstance(value, YamlText)):
        return value
    return YamlText(text)


def load_params_file(path) -> dict:
    """Read a ``--params`` file: a mapping of notebook names to ``{parameter: value}`` mappings.

    Unquoted values stay :class:`YamlText`, so ``observation_end: 1997-12-31``
    gives a ``str`` parameter the text ``"1997-12-31"``.  An empty file is no
    overrides.  A file that is not such a mapping is a CRMDataError.
    """
    path = Path(path)
    with open(path, encoding="utf-8") as handle:
        data = parse_text(handle.read(), source=f"parameter file {path}")
    if data is None or data == "":
        return {}
    if not isinstance(data, dict):
        raise CRMDataError(f"parameter file {path} must map notebook names to parameters, e.g.\n"
                           f"  30_mgmt_customer_value:\n    observation_end: 1997-12-31\n"
                           f"got a {type(data).__name__}: {str(data)[:80]!r}")
    for notebook, values in data.items():
        if values is None:
            data[notebook] = {}
        elif not isinstance(values, dict):
            raise CRMDataError(f"parameter file {path}: the entry {str(notebook)!r} must be a mapping of "
                               f"parameter names to values, got {str(values)[:80]!r}")
    return {str(notebook): dict(values or {}) for notebook, values in data.items()}


# ------------------------------------------------------------------------------------ declarations
@dataclass(frozen=True)
class ParameterSpec:
    """One parameter of a notebook's ``parameters`` cell.

    ``type_name`` is the annotation as written (``"str | None"``), or the
    type of the default literal for an unannotated line, or ``"any"``;
    ``default`` is the default's value (``None`` when it is not a literal);
    ``default_text`` its source text.
    """

    name: str
    type_name: str
    default: object
    default_text: str
    annotation: ast.expr | None = None


def notebook_parameters(path) -> dict[str, ParameterSpec]:
    """The parameters declared by the cell tagged ``parameters`` of the notebook at ``path``.

    Raises CRMDataError when the notebook has no such cell or the cell is not valid Python.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        return {}
    source = cells[0].source
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise CRMDataError(f"notebook {path.name}: the parameters cell is not valid Python "
                           f"(line {exc.lineno}: {exc.msg})") from None
    declared: dict[str, ParameterSpec] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            name, annotation, value = stmt.target.id, stmt.annotation, stmt.value
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name, annotation, value = stmt.targets[0].id, None, stmt.value
        else:
            continue
        text = ast.get_source_segment(source, value) or ast.unparse(value)
        try:
            default = ast.literal_eval(value)
        except (ValueError, SyntaxError, TypeError):
            default = None
        if annotation is not None:
            type_name = ast.unparse(annotation)
        elif isinstance(default, (bool, int, float, str, list, dict, tuple)):
            type_name = type(default).__name__
            annotation = ast.Name(id=type_name)
        else:
            type_name = "any"
        declared[name] = ParameterSpec(name, type_name, default, text, annotation)
    return declared


# ---------------------------------------------------------------------------------------- coercion
class _Refused(Exception):
    """A value does not fit a declared type; the message says what would."""


def _kind(annotation):
    """(name, arguments) of an annotation node: ("union", [...]), ("list", [elem]), ("int", []), ..."""
    if annotation is None:
        return "any", []
    if isinstance(annotation, ast.Constant) and annotation.value is None:
        return "none", []
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):  # "int" as a string
        try:
            return _kind(ast.parse(annotation.value, mode="eval").body)
        except SyntaxError:
            return "any", []
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return "union", [annotation.left, annotation.right]
    if isinstance(annotation, ast.Subscript):
        base = _name(annotation.value)
        args = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else [annotation.slice]
        if base == "Optional":
            return "union", [args[0], ast.Constant(value=None)]
        if base == "Union":
            return "union", list(args)
        if base in ("list", "List", "Sequence"):
            return "list", args[:1]
        if base in ("tuple", "Tuple"):
            return "list", args[:1] if len(args) == 2 and isinstance(args[1], ast.Constant) else []
        if base in ("dict", "Dict", "Mapping"):
            return "dict", args[:2] if len(args) == 2 else []
        return "any", []
    name = _name(annotation)
    if name in ("str", "int", "float", "bool", "list", "dict"):
        return name, []
    if name in ("tuple", "List", "Tuple", "Sequence"):
        return "list", []
    if name in ("Dict", "Mapping"):
        return "dict", []
    if name == "None":
        return "none", []
    if name in ("Path", "PathLike"):
        return "str", []
    return "any", []


def _name(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):  # typing.Optional, pathlib.Path
        return node.attr
    return ""


def _flatten_union(annotation) -> list:
    kind, args = _kind(annotation)
    if kind != "union":
        return [annotation]
    return [member for arg in args for member in _flatten_union(arg)]


def _is_null(value) -> bool:
    return value is None or (isinstance(value, YamlText) and value.strip() in _NULLS)


def _coerce(value, annotation):
    kind, args = _kind(annotation)
    if kind == "union":
        members = _flatten_union(annotation)
        if any(_kind(m)[0] == "none" for m in members) and _is_null(value):
            return None
        others = [m for m in members if _kind(m)[0] != "none"]
        # text last: "3" for `int | str` is the number
        others.sort(key=lambda m: _kind(m)[0] == "str")
        reasons = []
        for member in others:
            try:
                return _coerce(value, member)
            except _Refused as exc:
                reasons.append(str(exc))
        raise _Refused("; ".join(reasons) if reasons else "only null (None) is accepted")
    if kind == "none":
        if _is_null(value):
            return None
        raise _Refused("only null (None) is accepted")
    return _COERCERS[kind](value, args)


def _to_str(value, args):
    if isinstance(value, str):
        return str(value)
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise _Refused(f"text is expected, not {type(value).__name__}; write it as text, e.g. \"{value}\"")


def _to_int(value, args):
    if isinstance(value, str):
        text = value.strip()
        if _INT_TEXT.fullmatch(text):
            return int(text)
        raise _Refused("a whole number is expected, e.g. 3")
    if isinstance(value, bool) or not _is_integer(value):
        raise _Refused(f"a whole number is expected, e.g. 3, not {type(value).__name__}")
    return int(value)


def _is_integer(value) -> bool:
    import numbers

    return isinstance(value, numbers.Integral)


def _to_float(value, args):
    import numbers

    if isinstance(value, str):
        text = value.strip()
        if not _FLOAT_TEXT.fullmatch(text):
            raise _Refused("a number is expected, e.g. 0.25")
        result = float(text)
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        result = float(value)
    else:
        raise _Refused(f"a number is expected, e.g. 0.25, not {type(value).__name__}")
    if not math.isfinite(result):
        raise _Refused("a finite number is expected (not NaN or infinity)")
    return result


def _to_bool(value, args):
    import numpy as np

    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _BOOLEANS:
        return _BOOLEANS[value.strip().lower()]
    raise _Refused("true or false is expected (also yes/no, on/off, in any letter case)")


def _to_list(value, args):
    if isinstance(value, str):
        value = _parsed(value)
    if not isinstance(value, (list, tuple)):
        raise _Refused("a list is expected, e.g. [a, b]")
    element = args[0] if args else None
    return [_coerce(item, element) for item in value]


def _to_dict(value, args):
    if isinstance(value, str):
        value = _parsed(value)
    if not isinstance(value, dict):
        raise _Refused("a mapping is expected, e.g. {a: 1, b: 2}")
    key_type, value_type = (args[0], args[1]) if len(args) == 2 else (None, None)
    return {str(_coerce(k, key_type)) if key_type is not None else str(k): _coerce(v, value_type)
            for k, v in value.items()}


def _to_any(value, args):
    """No declared type: JSON-ready values; unquoted YAML text is read as YAML, but dates stay text."""
    if isinstance(value, YamlText):
        return _yaml_value(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (_dt.date, os.PathLike)):
        return _to_str(value, [])
    if isinstance(value, (list, tuple)):
        return [_to_any(item, []) for item in value]
    if isinstance(value, dict):
        return {str(k): _to_any(v, []) for k, v in value.items()}
    if _is_integer(value):
        return int(value)
    import numbers

    if isinstance(value, numbers.Real):
        return float(value)
    raise _Refused(f"a {type(value).__name__} cannot be passed to a notebook (use text, numbers, lists or mappings)")


def _yaml_value(text: YamlText):
    if text.strip() in _NULLS:
        return None
    lowered = text.strip().lower()
    if lowered in _BOOLEANS:
        return _BOOLEANS[lowered]
    if _INT_TEXT.fullmatch(text.strip()):
        return int(text)
    if _FLOAT_TEXT.fullmatch(text.strip()):
        return float(text)
    return str(text)


def _parsed(text: str):
    """Text given for a list or mapping: parse it (a YamlText from the CLI, or a plain str from Python)."""
    try:
        return yaml.load(text, Loader=_TextLoader)  # noqa: S506
    except yaml.YAMLError:
        return text


_COERCERS = {"str": _to_str, "int": _to_int, "float": _to_float, "bool": _to_bool,
             "list": _to_list, "dict": _to_dict, "any": _to_any}


def coerce_parameter(notebook: str, spec: ParameterSpec, value):
    """``value`` checked against ``spec`` and made JSON-ready; CRMDataError naming all four when it does not fit."""
    try:
        return _coerce(value, spec.annotation)
    except _Refused as exc:
        shown = str(value) if isinstance(value, YamlText) else value
        raise CRMDataError(f"notebook {notebook}: parameter {spec.name!r} is declared {spec.type_name}, "
                           f"got {shown!r}: {exc}") from None


def coerce_parameters(notebook: str, declared: dict[str, ParameterSpec], parameters: dict) -> dict:
    """Every value of ``parameters`` checked against ``declared`` (see the module docstring).

    Unknown names are a CRMDataError listing the declared ones.  Returns a new
    dict; ``parameters`` is not modified.
    """
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise CRMDataError(f"notebook {notebook} has no parameter(s) {unknown}; it declares {sorted(declared)}")
    return {str(name): coerce_parameter(notebook, declared[name], value) for name, value in parameters.items()}
