"""Chinese figures render with the packaged CJK font, with or without a system CJK font.

``crm_analysis.plotting`` registers Noto Sans CJK SC from the ``mplfonts``
package.  A figure whose title, axis labels, tick labels and legend are
Chinese (mixed with Latin text and negative numbers) must render without a
single "Glyph ... missing from font(s)" warning.  The second test proves no
system font is involved: in a fresh interpreter with an empty matplotlib
cache directory, every font matplotlib found on the system is removed from
its font list (only matplotlib's own bundled fonts stay), Chinese is first
shown to produce missing-glyph warnings there, and then, after importing
``crm_analysis.plotting``, renders cleanly from the font file found by path.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from crm_analysis import plotting  # noqa: E402

ZH_FIGURE = textwrap.dedent("""
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot([-2, -1, 0, 1], [1.5, -0.5, 2.0, -3.0], label="预计价值（元）")
    ax.bar([0.5], [1.0], label="客户数 n=12")
    ax.set_title("客户终身价值：BG/NBD 模型")
    ax.set_xlabel("最近一次购买（周）")
    ax.set_ylabel("收入 ¥")
    ax.set_xticks([-2, 0, 1])
    ax.set_xticklabels(["低", "中", "高"])
    ax.legend(title="图例")
    fig.savefig(OUT, format="png")
    plt.close(fig)
""")


def _render_zh_figure(out: Path) -> None:
    exec(ZH_FIGURE, {"OUT": str(out)})  # noqa: S102 - the same figure code as the subprocess test


def test_cjk_font_path_points_into_mplfonts_without_importing_it():
    path = plotting.cjk_font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf"
    assert path.is_file() and path.stat().st_size > 10_000_000  # the full font, not a stub
    spec = importlib.util.find_spec("mplfonts")
    assert Path(spec.submodule_search_locations[0]) == path.parent.parent
    assert "mplfonts" not in sys.modules  # located, never imported (its import touches rcParams)


def test_cjk_font_path_missing_package_gives_a_clear_error(monkeypatch):
    monkeypatch.setattr(plotting.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(FileNotFoundError, match=r"NotoSansCJKsc-Regular\.otf.*mplfonts.*pip install"):
        plotting.cjk_font_path()


def test_default_family_falls_back_from_dejavu_to_the_packaged_cjk_font():
    assert list(matplotlib.rcParams["font.family"]) == ["sans-serif", plotting.CJK_FONT_FAMILY]
    assert matplotlib.rcParams["font.sans-serif"][0] == "DejaVu Sans"
    assert matplotlib.rcParams["axes.unicode_minus"] is True
    found = font_manager.fontManager._find_fonts_by_props(font_manager.FontProperties())
    assert [Path(p).name for p in found] == ["DejaVuSans.ttf", "NotoSansCJKsc-Regular.otf"]
    # the packaged file, also where the system has its own copy of the family
    assert Path(found[1]) == plotting.cjk_font_path()
    assert Path(font_manager.findfont(plotting.CJK_FONT_FAMILY)) == plotting.cjk_font_path()


def test_use_cjk_font_is_idempotent():
    before = len(font_manager.fontManager.ttflist)
    plotting.use_cjk_font()
    plotting.use_cjk_font()
    assert len(font_manager.fontManager.ttflist) == before


def test_chinese_figure_renders_without_missing_glyph_warnings(tmp_path):
    out = tmp_path / "zh.png"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
        _render_zh_figure(out)
    assert out.stat().st_size > 5_000


def test_chinese_figure_needs_no_system_font(tmp_path):
    """A fresh interpreter that sees no system font at all still renders the Chinese figure."""
    config_dir = tmp_path / "mplconfig"
    config_dir.mkdir()
    script = textwrap.dedent("""
        import json, sys, warnings
        from pathlib import Path
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import font_manager as fm

        # forget every font matplotlib found on the system (fc-list, /usr/share/fonts, ...)
        bundled = Path(matplotlib.get_data_path()).resolve()
        fm.findSystemFonts = lambda *args, **kwargs: []
        fm.fontManager.ttflist = [f for f in fm.fontManager.ttflist
                                  if Path(f.fname).resolve().is_relative_to(bundled)]
        fm.fontManager._findfont_cached.cache_clear()
        names_before = sorted({f.name for f in fm.fontManager.ttflist})

        # control: without our module, Chinese text has no font here
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            exec(FIGURE, {"OUT": OUT_BEFORE})
        missing_before = sum("missing from font" in str(w.message) for w in caught)

        from crm_analysis import plotting
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            exec(FIGURE, {"OUT": OUT_AFTER})
        print(json.dumps({
            "names_before": names_before,
            "missing_before": missing_before,
            "cjk_found": fm.findfont(plotting.CJK_FONT_FAMILY, fallback_to_default=False),
            "cjk_path": str(plotting.cjk_font_path()),
            "cache_dir": matplotlib.get_cachedir(),
        }))
    """)
    prelude = f"FIGURE = {ZH_FIGURE!r}\nOUT_BEFORE = {str(tmp_path / 'before.png')!r}\n" \
              f"OUT_AFTER = {str(tmp_path / 'after.png')!r}\n"
    env = {**os.environ, "MPLCONFIGDIR": str(config_dir), "MPLBACKEND": "Agg"}
    run = subprocess.run([sys.executable, "-c", prelude + script], env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert Path(result["cache_dir"]) == config_dir  # a fresh, empty cache: nothing remembered
    assert not [name for name in result["names_before"] if "CJK" in name or "Hei" in name]
    assert result["missing_before"] > 0  # the control really had no Chinese font
    assert result["cjk_found"] == result["cjk_path"]
    assert (tmp_path / "after.png").stat().st_size > 5_000
