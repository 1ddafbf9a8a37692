"""``make script``: the whole narration as it will be spoken, for the current settings.

Every scene of the chosen chapters is run up to its last frame (no video, no audio: a
minute or two) with the run's digit or image, network and lines file, and each line it
says is collected. They are written to ``renders/script/chapterN.md`` (per beat its title
and its lines, each with its id and a short hash of its text: what a lecturer reads aloud)
and ``chapterN.json`` (the same, for programs). When the recordings folder exists, each
line's text is also written there as ``<line id>.txt``, beside where its recording goes:
that is the text the recording is made for, and a recording whose line has since changed is
not used. A line that already has a recording keeps the text it was recorded for.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from pipeline.jobs import ROOT
from pipeline.recordings import Recording, sidecar
from scenes import catalogue
from scenes.scene_settings import SceneSettings


def script_file(renders: Path, chapter: str, suffix: str = ".json") -> Path:
    """Where ``make script`` writes a chapter's lines (``.md`` for people, ``.json`` for programs)."""
    return renders / "script" / f"{chapter}{suffix}"


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:8]


def collect(chapters: list[str], settings: SceneSettings, own, env: dict, workers: int = 1,
            scenes: list[str] | None = None) -> dict[str, dict[str, list[dict]]]:
    """chapter -> scene -> its lines (as the scene records them). Each chapter's beats (only ``scenes``,
    when given) are shared round-robin among up to ``workers`` manim processes, run ``workers`` at once:
    a manim process renders its scenes one after another, so one process per chapter left cores idle."""
    tasks = []
    for chapter in chapters:
        ch = catalogue.CHAPTERS[chapter]
        beats = [b for b in ch.beats if not scenes or b.scene in scenes]
        parts = max(1, min(workers, len(beats)))
        tasks += [(chapter, beats[i::parts]) for i in range(parts) if beats[i::parts]]
    out: dict[str, dict[str, list[dict]]] = {c: {} for c in chapters}
    with tempfile.TemporaryDirectory(prefix="netcore-script-") as tmp:
        waiting, running, done = list(enumerate(tasks)), [], 0
        while waiting or running:
            while waiting and len(running) < max(1, workers):
                n, (chapter, beats) = waiting.pop(0)
                running.append((chapter, beats, *launch(chapter, beats, settings, own, env, Path(tmp) / str(n))))
            chapter, beats, folder, proc = running.pop(0)
            output = proc.communicate()[0]
            if proc.returncode != 0:
                for *_, other in running:
                    other.kill()
                errors = [line for line in output.splitlines() if line.startswith("error: ")]
                raise RuntimeError(errors[-1].removeprefix("error: ") if errors else
                                   f"script: {chapter} failed:\n" + "\n".join(output.splitlines()[-20:]))
            for b in beats:
                out[chapter][b.scene] = json.loads((folder / f"{b.scene}.lines.json").read_text())["lines"]
            done += len(beats)
            print(f"  {done}/{sum(len(b) for _, b in tasks)} scenes collected", flush=True)
    # story order, whatever order the processes finished in
    return {c: {b.scene: out[c][b.scene] for b in catalogue.CHAPTERS[c].beats if b.scene in out[c]} for c in chapters}


def launch(chapter: str, beats: list, settings: SceneSettings, own, env: dict, folder: Path):
    """One silent manim process that runs ``beats`` of ``chapter`` to their last frames, writing each scene's
    lines to ``folder``."""
    ch = catalogue.CHAPTERS[chapter]
    texts = tuple(pair for b in ch.beats for pair in own(chapter, b.scene)["texts"])
    scene_settings = replace(settings, still=False, voice="none", texts=texts, lines_out=str(folder))
    cmd = [sys.executable, "-m", "scenes.run", "--settings", scene_settings.to_json(), "render", "-s", "-ql",
           "--disable_caching", "--media_dir", str(folder / "media"), "--progress_bar", "none", "-v", "WARNING",
           str(ch.source_file), *[b.scene for b in beats]]
    return folder, subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def status(line: dict, recordings: dict[str, Recording]) -> str:
    r = recordings.get(line["id"])
    if r is None:
        return "synthetic voice"
    if r.recorded_for == line["text"]:
        return f"recorded ({r.audio.name})"
    return f"recording {r.audio.name} is for another text: not used"


def markdown(chapter: str, scenes: dict[str, list[dict]], recordings: dict[str, Recording], about: str,
             voice_dir: Path) -> str:
    ch = catalogue.CHAPTERS[chapter]
    words = sum(len(line["text"].split()) for lines in scenes.values() for line in lines)
    out = [f"# {ch.title}", "",
           f"{about}. {sum(map(len, scenes.values()))} lines, {words:,} words.", "",
           f"To say a line in your own voice, record it as `{voice_dir}/<line id>.wav` (or .flac, .mp3, .m4a, "
           ".ogg); to change its words, put `<line id>: new text` in a lines file (see the README).", ""]
    for k, beat in enumerate(ch.beats, 1):
        out += [f"## {k}. {beat.title}", "", f"`{beat.scene}`", ""]
        for line in scenes[beat.scene]:
            out += [f"**{line['id']}** · `{text_hash(line['text'])}` · {status(line, recordings)}", "",
                    line["text"], ""]
    return "\n".join(out)


def write_sidecars(voice_dir: Path, lines: list[dict], recordings: dict[str, Recording]) -> int:
    """Each line's text beside where its recording goes (not for lines recorded already)."""
    written = 0
    for line in lines:
        if line["id"] in recordings:
            continue
        path = sidecar(voice_dir, line["id"])
        if not path.is_file() or path.read_text().strip() != line["text"]:
            path.write_text(line["text"] + "\n")
            written += 1
    return written


def write(chapters: list[str], settings: SceneSettings, own, env: dict, renders: Path, voice_dir: Path,
          found: list[Recording], about: str, workers: int = 1) -> list[Path]:
    collected = collect(chapters, settings, own, env, workers)
    recordings = {r.line_id: r for r in found}
    written = []
    for chapter, scenes in collected.items():
        md = script_file(renders, chapter, ".md")
        md.parent.mkdir(parents=True, exist_ok=True)
        md.write_text(markdown(chapter, scenes, recordings, about, voice_dir))
        lines = [{"beat": scene, **{k: line[k] for k in ("id", "text")}, "hash": text_hash(line["text"]),
                  "numbers": line["numbers"], "status": status(line, recordings)}
                 for scene, scene_lines in scenes.items() for line in scene_lines]
        script_file(renders, chapter).write_text(json.dumps({"chapter": chapter, "lines": lines}, indent=1) + "\n")
        written.append(md)
        if voice_dir.is_dir():
            count = write_sidecars(voice_dir, lines, recordings)
            print(f"{chapter}: {count} line texts written to {voice_dir} (<line id>.txt)", flush=True)
    if not voice_dir.is_dir():
        print(f"to record lines, make the folder {voice_dir} (or set VOICE_DIR) and run make script again: "
              "it writes each line's text there, beside where its recording goes", flush=True)
    return written
