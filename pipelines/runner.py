"""The worker side of a job: JobRequest in, JobResult out.

What the user should read is raised as a `SkillError` (bad input, missing model);
a bug is simply raised. Both queues run this through `core.jobs.run_job`, the one
place that turns either into a failed JobResult, so nothing here catches.
"""

from __future__ import annotations

import logging
import time

from PIL import Image
from pydantic import ValidationError

from core.catalog import CATALOG, SkillArgs, SkillSpec
from core.jobs import JobRequest, JobResult, ProgressCallback, SkillError
from core.phrasebook import phrase
from core.settings import ModelSettings
from core.skill_titles import skill_title
from pipelines.base import SkillContext, SkillOutput
from pipelines.device import resolve_device
from pipelines.images import DEFAULT_MAX_PIXELS, decode_image
from pipelines.metadata import MIME_TYPES, build_metadata, encode_image
from pipelines.model_cache import ModelCache
from pipelines.registry import load_skill

log = logging.getLogger(__name__)

DEFAULT_CACHE_BUDGET = 12 * 1024**3


class SkillRunner:
    """A `core.jobs.JobRunner`: one per worker process, holding the model cache.

    Its progress is the skill's steps; the queue says "running" when the job starts.
    """

    def __init__(
        self,
        models: ModelSettings,
        cache_budget_bytes: int = DEFAULT_CACHE_BUDGET,
        max_image_pixels: int = DEFAULT_MAX_PIXELS,
    ) -> None:
        self.models = models
        self.cache = ModelCache(cache_budget_bytes)
        self.max_image_pixels = max_image_pixels

    def __call__(self, request: JobRequest, progress: ProgressCallback) -> JobResult:
        started = time.monotonic()
        result = self._run(request, progress)
        log.info(
            "job %s (%s) done in %.2fs", request.job_id, request.skill, time.monotonic() - started
        )
        return result

    def _run(self, request: JobRequest, progress: ProgressCallback) -> JobResult:
        spec = CATALOG.get(request.skill)
        if spec is None:
            raise SkillError(phrase("unknown_job_skill", skill=request.skill))
        args = _validate(spec, request.args)
        images = self._decode_images(spec, request)
        device = resolve_device(self.models.device) if spec.gpu else "cpu"
        skill = load_skill(spec.id)
        ctx = SkillContext(
            models=self.models,
            cache=self.cache,
            device=device,
            seed=request.seed,
            progress=progress,
        )
        output = skill(args, images, ctx)
        return _to_result(spec, request, args, output)

    def _decode_images(self, spec: SkillSpec, request: JobRequest) -> dict[str, Image.Image]:
        images: dict[str, Image.Image] = {}
        for name in spec.ref_args:
            data = request.images.get(name)
            if data is None:
                if request.args.get(name) is None:
                    continue  # an optional image argument that was left out
                raise SkillError(phrase("image_missing", ref=request.args[name]))
            images[name] = decode_image(data, self.max_image_pixels)
        return images


def _validate(spec: SkillSpec, raw: dict[str, object]) -> SkillArgs:
    try:
        return spec.args_model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "arguments"
        if first.get("type") == "missing":
            # As in core.catalog.validate_args: names and reasons go to `detail`, for operators.
            words = phrase("missing_value", title=skill_title(spec.id))
            raise SkillError(words, f"{spec.id}: no value for {where}") from exc
        allowed = next((a.values for a in spec.args if a.name == where and a.values), ())
        if allowed:
            reason = f"'{first.get('input')}' is not one of {', '.join(allowed)}"
        else:
            reason = str(first.get("msg", "invalid value")).rstrip(".")
        words = phrase("invalid_argument", title=skill_title(spec.id))
        raise SkillError(words, f"{spec.id}: {where}: {reason}") from exc


def _to_result(
    spec: SkillSpec, request: JobRequest, args: SkillArgs, output: SkillOutput
) -> JobResult:
    meta: dict[str, object] = {"skill": spec.id, "seed": request.seed, **output.extra}
    if output.image is None:
        if output.text is None:
            raise RuntimeError("the skill returned neither an image nor text")
        return JobResult(text=output.text, model=output.model, meta=meta)
    fmt = output.format.upper()
    embedded = build_metadata(
        spec.id, args.model_dump(exclude_none=True), request.seed, output.model
    )
    data = encode_image(output.image, fmt, embedded)
    meta.update(width=output.image.width, height=output.image.height)
    return JobResult(
        image=data,
        mime_type=MIME_TYPES[fmt],
        text=output.text,
        model=output.model,
        meta=meta,
    )
