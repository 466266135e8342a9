# The two commands of the README. Each installs what a fresh machine lacks first.
.PHONY: deps demo test fmt-check benchmarks

# libedit-dev is the one system package HQL needs (the REPL's line editor).
deps:
	@if ! dpkg -s libedit-dev >/dev/null 2>&1; then \
		echo "installing libedit-dev"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q libedit-dev; \
	fi

# The main job. Until the executor lands, `hql` plans a sample script against the demo CRM and
# shows the HubSpot calls it would make (EXPLAIN); see README "Status".
demo: deps
	swift run hql explain --demo samples/lead-funnel.hql

test: deps
	swift test

# Every sample must stay valid HQL.
fmt-check: deps
	swift run hql fmt samples/*.hql > /dev/null

benchmarks: deps
	cd Benchmarks && swift package benchmark
