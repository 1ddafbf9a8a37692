"""Building the page: `python -m pipeline live` writes one self-contained file in the output folder
(no src= or href= to anything outside it); bad input is one clear line, a non-zero exit and nothing
written; the gallery links the page once it is built."""

from __future__ import annotations

import re

from pipeline import gallery, live, render


def test_pipeline_live_writes_one_self_contained_page(tmp_path, capsys):
    assert render.main(["live", "--renders", str(tmp_path), "--theme", "colorblind"], environ={}) == 0
    page = tmp_path / "live" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert 'data-theme="colorblind"' in text
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#|data:)""", text), "the page refers to another file"
    assert "default-src 'none'" in text  # and the browser is told to fetch nothing
    assert page.stat().st_size < 4e6


def test_bad_input_is_one_line_and_writes_nothing(tmp_path, capsys):
    assert live.main(["--renders", str(tmp_path), "--theme", "sepia"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "unknown theme 'sepia'" in err
    assert live.main(["--renders", str(tmp_path), "--bundle", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("live: error:") and "bundle file not found" in err
    assert not (tmp_path / "live").exists()


def test_gallery_links_the_page_once_built(tmp_path):
    gallery.write_gallery(tmp_path)
    assert 'href="live/index.html"' not in (tmp_path / "index.html").read_text()
    live.build(tmp_path, None, "dark")
    gallery.write_gallery(tmp_path)
    assert 'href="live/index.html"' in (tmp_path / "index.html").read_text()
