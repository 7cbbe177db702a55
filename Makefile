# ServiceHall — the two commands: `make run` (the demo hall) and `make test` (every test).
SWIFT ?= swift
PORT ?= 8080
DATA_DIR ?= data
# The demo hall's clock starts at its next opening time, so it takes tickets whatever the hour.
START_AT ?= opening

.PHONY: run test e2e deps build bench clean lint-js fmt-js

deps:
	./scripts/install-deps.sh

build: deps
	$(SWIFT) build --product hall

## Sets up and runs the demo hall on http://localhost:$(PORT) with an embedded SQLite in $(DATA_DIR)/.
run: build
	$(SWIFT) run hall serve --config Halls/demo-hall.yaml --data-dir $(DATA_DIR) --port $(PORT) --start-at $(START_AT)

## Sets up and runs every test: the Swift tests, then the screens in a real browser.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) e2e

## The screens end to end: builds, serves a fresh demo hall on a free port, drives headless Chromium
## (screenshots in .build/screenshots/), stops the server.
e2e: deps
	SWIFT=$(SWIFT) Tests/e2e/run.sh

## Checks the screens' JavaScript with Biome (format and lint; Layouts/screens/biome.json). The e2e
## suite runs the same check (Tests/e2e/test_js_style.py).
lint-js: deps
	cd Layouts/screens && ../../.build/e2e-venv/bin/biome ci .

## Formats the screens' JavaScript in place and applies Biome's safe lint fixes.
fmt-js: deps
	cd Layouts/screens && ../../.build/e2e-venv/bin/biome check --write .

## Prints the benchmark figures (release build).
bench: deps
	$(SWIFT) build -c release --product hall
	.build/release/hall bench

clean:
	rm -rf .build $(DATA_DIR)
