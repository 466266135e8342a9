# The two commands of the README. Each installs what a fresh machine lacks first.
.PHONY: deps demo test fmt-check benchmarks

# libedit-dev: the REPL's line editor. tmux: the test that drives `hql` in a real terminal.
deps:
	@missing=""; \
	dpkg -s libedit-dev >/dev/null 2>&1 || missing="$$missing libedit-dev"; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q $$missing; \
	fi

# The main job: two sample scripts run on the built-in demo CRM, printed as tables — the lead
# funnel (counts per lifecycle stage, a COUNT(*), fresh leads) and a revenue analysis (revenue
# per quarter, commissions, deal sizes, a WITH query). `--stats` adds what each cost.
demo: deps
	swift run hql --demo --format table --stats samples/lead-funnel.hql samples/revenue-analysis.hql

# At most four test cases at once (Swift Testing starts every case together otherwise): on two
# cores, hundreds of concurrent cases kept the cooperative pool busy for tens of seconds and
# loopback requests timed out; four also finished sooner (330 s against 389 s on this machine).
test: deps
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=4 swift test

# Every sample must stay valid HQL.
fmt-check: deps
	swift run hql fmt samples/*.hql > /dev/null

# Release binaries the executor and start-up benchmarks launch, then every benchmark.
benchmarks: deps
	swift build -c release --product hql
	swift build -c release --product hubspot-sandbox
	cd Benchmarks && swift package benchmark

# HQL side by side with the HubSpot clients people run today (#16): release `hql` and
# `hubspot-sandbox`, the peers from PyPI in their own virtual environments under .build/compare,
# six tasks on one sandbox portal; writes Benchmarks/compare/results/compare-300ms.{md,json,png}.
# LATENCIES="0 300" runs both latencies (about twice as long).
.PHONY: compare
compare: deps
	Benchmarks/compare/compare.sh
