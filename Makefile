# p2pbench: benchmark and verify DMA mapping of PCI peer-to-peer memory.
#
#   make bench    the main job: the lab sweep, results under results/
#                 VARIANT="NAME..." also each kernel variant (kernel/variants/
#                 NAME, or a directory of patches) into results/LABEL-NAME/,
#                 compared with the base (results/LABEL-base/)
#                 CLOCK=icount|wall the guest's clock (icount: deterministic,
#                 guest instructions; the default), BOOTS=N boots of each
#                 context (interleaved with the variants)
#   make bench-io fio and perftest in the lab into the same results/LABEL
#   make test     every test; last line "N passed, N failed, N skipped"
#   make test-debug  the reliability suite on the debug lab kernel
#   make test-stock  the real-hardware path on Debian's own kernel: DKMS in a
#                 trixie build root, the module on Debian's kernel in the lab
#   make lab      build everything the lab guest needs (kernel is cached)
#   make module   the module for a running kernel (KDIR=... to choose)
#   make tools    bench/p2pbench for this host (installs only its build deps)
#   make dkms-install  the module with DKMS, for this and every later kernel
#                 (KVER=... for another); again to update; make dkms-remove
#   make clean
#
# The lab kernel, its source and scratch files live in $(P2PBENCH_CACHE)
# (default ~/.cache/p2pbench), keyed by kernel version and config hash.

KDIR ?= /lib/modules/$(shell uname -r)/build
LABEL ?= lab-$(shell date -u +%Y%m%d)
SWEEP ?= default
CLOCK ?= icount
BOOTS ?= 1
VARIANT ?=

all: tools

deps:
	@scripts/host-deps

lab: deps
	@kdir=$$(scripts/build-kernel) && \
	scripts/build-initramfs --kdir "$$kdir" -o "$${P2PBENCH_CACHE:-$$HOME/.cache/p2pbench}/initramfs-check.cpio.gz" && \
	echo "lab ready: kernel $$kdir"

test: deps
	@scripts/run-tests

# The reliability suite alone (also the last suite of make test): the
# debug lab kernel (configs/kernel/debug.config), fuzzer, fault injection,
# unbind/rmmod/signals/unplug, bad result files. REL_FULL=1 runs the long
# version; REL_RESULTS=DIR keeps logs and the summary table.
test-debug: deps
	@scripts/run-tests reliability

# Not part of make test (its build root alone takes minutes): README,
# "Debian's own kernel".
test-stock: deps
	@scripts/run-tests stock

bench: deps
	@scripts/bench-lab --sweep $(SWEEP) --label $(LABEL) --clock $(CLOCK) --boots $(BOOTS) \
		$(if $(strip $(VARIANT)),--variants "$(strip $(VARIANT))")

# End-to-end I/O (fio, perftest) in both CPU settings, beside make bench's
# mapping results when LABEL is the same.
bench-io: deps
	@scripts/bench-io --out results/$(LABEL)

tools:
	@scripts/host-deps --tools
	$(MAKE) -C bench

dkms-install:
	@scripts/dkms install $(KVER)

dkms-remove:
	@scripts/dkms remove

module:
	$(MAKE) -C kernel KDIR=$(KDIR)

clean:
	$(MAKE) -C bench clean
	-$(MAKE) -C kernel clean KDIR=$(KDIR) 2>/dev/null
	-$(MAKE) -C kernel/selftests clean 2>/dev/null

.PHONY: all deps lab test test-debug test-stock bench bench-io tools module clean dkms-install dkms-remove
