# ServiceHall — the two commands: `make run` (the demo hall) and `make test` (every test).
SWIFT ?= swift
PORT ?= 8080
DATA_DIR ?= data
# The demo hall's clock starts at its next opening time, so it takes tickets whatever the hour.
START_AT ?= opening

.PHONY: run test e2e deps build bench clean lint-js fmt-js lint-swift fmt-swift deb package-test bench-county

deps:
	./scripts/install-deps.sh

build: deps
	$(SWIFT) build --product hall

## Sets up and runs the demo hall on http://localhost:$(PORT) with an embedded SQLite in $(DATA_DIR)/.
run: build
	$(SWIFT) run hall serve --config Halls/demo-hall.yaml --data-dir $(DATA_DIR) --port $(PORT) --start-at $(START_AT)

## Sets up and runs every test: the Swift formatting check, the Swift tests, then the screens in a
## real browser (which also checks the JavaScript with Biome).
test: deps lint-swift
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) e2e

## The Swift sources as .swift-format says (the toolchain's swift-format); `make fmt-swift` fixes them.
lint-swift:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

fmt-swift:
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift

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

## Prints the benchmark figures against their goals in one table (release build; docs/performance.md):
## hall serve and wrk run as processes of their own, the screens and the year in the hall in hall-bench.
bench: deps
	$(SWIFT) build -c release --product hall
	$(SWIFT) build -c release --product hall-bench
	.build/release/hall-bench

## The county database's figures (issue 13; release build): ingest rate into PostgreSQL, a county of
## 20 halls × one year, the county monthly report. Starts a scratch PostgreSQL (postgresql-15) in
## .build/county-bench-pg on a free port and removes it afterwards. COUNTY_BENCH_ARGS narrows it
## (e.g. --halls 5 --days 60).
bench-county: deps
	$(SWIFT) build -c release --product hall-county-bench
	scripts/bench-county.sh .build/release/hall-county-bench $(COUNTY_BENCH_ARGS)

## The Debian package: .build/dist/servicehall_<version>_amd64.deb (debhelper's dh, release build).
deb: deps
	mkdir -p .build/dist
	rm -f .build/dist/servicehall_*
	DEB_DESTDIR=$(CURDIR)/.build/dist SWIFT=$(SWIFT) debian/rules binary
	@ls .build/dist/servicehall_*_amd64.deb

## The package in a fresh Debian 12 root (mmdebstrap): installs, serves, backs up, restores (as root).
package-test: deps
	SWIFT=$(SWIFT) scripts/package-test.sh

clean:
	rm -rf .build $(DATA_DIR)
