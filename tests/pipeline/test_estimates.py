"""Progress estimates come from earlier runs of the same quality and voice, or are scaled by the work."""

from __future__ import annotations

import json

from pipeline import runner
from pipeline.jobs import QUALITY_FORMAT, chapter_jobs
from scenes.scene_settings import SceneSettings


def job(tmp_path, quality="low", voice="none"):
    return chapter_jobs("chapter1", quality, SceneSettings(voice=voice), tmp_path)[0]


def write(job, record: dict) -> None:
    job.record.parent.mkdir(parents=True, exist_ok=True)
    job.record.write_text(json.dumps(record))


def work(quality: str) -> int:
    width, height, fps = QUALITY_FORMAT[quality]
    return width * height * fps


def test_the_same_quality_is_estimated_from_its_own_time_the_others_scaled_by_pixels_and_frames(tmp_path):
    low = job(tmp_path)
    write(low, {"seconds": 50.0, "timings": runner.timings(low, 50.0)})
    assert runner.expected_seconds(low) == 50.0
    high = job(tmp_path, "high")
    assert runner.expected_seconds(high) == 50.0 * work("high") / work("low")  # not "about 0:50"
    # Once rendered at 1080p60 its own time counts, and the 480p15 one is kept for the next low run.
    write(high, {"seconds": 446.0, "timings": runner.timings(high, 446.0)})
    assert runner.expected_seconds(high) == 446.0 and runner.expected_seconds(low) == 50.0
    assert runner.expected_seconds(job(tmp_path, "4k")) == 446.0 * work("4k") / work("high")  # the nearest


def test_a_narrated_render_is_not_estimated_from_a_silent_one_when_a_narrated_one_was_timed(tmp_path):
    silent, narrated = job(tmp_path, voice="none"), job(tmp_path, voice="hibari")
    write(silent, {"seconds": 60.0, "timings": {"low silent": 60.0, "high narrated": 900.0}})
    assert runner.expected_seconds(silent) == 60.0
    assert runner.expected_seconds(narrated) == 900.0 * work("low") / work("high")


def test_a_record_from_before_timings_counts_at_its_quality(tmp_path):
    old = job(tmp_path)
    write(old, {"seconds": 12.0, "quality": "low"})
    assert runner.expected_seconds(old) == 12.0
    assert runner.expected_seconds(job(tmp_path, "medium")) == 12.0 * work("medium") / work("low")
    assert runner.timings(old, 13.0) == {"low silent": 13.0}


def test_never_rendered_is_the_catalogue_guess_at_low_quality_scaled(tmp_path):
    fresh = job(tmp_path, "high")
    assert runner.expected_seconds(fresh) == fresh.expected_seconds * work("high") / work("low")


class Instant:
    """An executor whose jobs take no time (what run_jobs says before and after is under test)."""
    workers, where = 1, "test threads"

    def run(self, todo, fps, env, facts):
        for job in todo:
            yield job, runner.Done(1.0)


def test_the_estimate_says_when_it_is_only_a_guess(tmp_path, capsys):
    jobs = chapter_jobs("chapter1", "low", SceneSettings(voice="none"), tmp_path)[:2]
    fps = {job: "new" for job in jobs}
    runner.run_jobs(jobs, fps, 1, {}, {}, executor=Instant())
    assert "a guess: none rendered here before" in capsys.readouterr().out
    write(jobs[0], {"seconds": 5.0, "timings": {"low silent": 5.0}})
    runner.run_jobs(jobs, fps, 1, {}, {}, executor=Instant())
    assert "from earlier runs, 1 never rendered here: guessed" in capsys.readouterr().out
    write(jobs[1], {"seconds": 7.0, "timings": {"low silent": 7.0}})
    runner.run_jobs(jobs, fps, 1, {}, {}, executor=Instant())
    assert "(about 0:12, from earlier runs)" in capsys.readouterr().out
