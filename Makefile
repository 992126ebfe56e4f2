# Makefile: what mapdiff's binaries are made of, and what depends on what.
#
# ./build.sh is the one entry point: it installs what is missing, picks the
# Go toolchains, and runs make.  Sources are listed per folder (one list per
# stage of harness/); objects live in $(BUILD)/obj/<variant>/<source path>.o
# with the headers they include as dependencies (-MMD), so a build is
# incremental and parallel (make -j).
#
# Variants (one compiler and flag set each, shared by every binary of it):
#   cli   gcc -O2                         out/mapdiff, out/bench/*, test programs
#   fuzz  clang libFuzzer + ASan + UBSan  out/mapdiff-fuzz
#   afl   afl-clang-fast                  out/mapdiff-afl
#   asan  clang ASan + UBSan              the test programs' sanitizer twins
#   cov   clang source coverage           out/coverage/mapdiff-cov
#   oss   $(OSS_CC) $(OSS_CFLAGS)          OSS-Fuzz's fuzz target
#
# Knobs (tests and benchmarks use them to build a variant of the tree):
#   OUT=DIR        where the binaries go (default $(BUILD))
#   IMPL=DIR       the ports' sources (a patched copy of impl/ for a planted fault)
#   HARNESS=DIR    the harness's sources (a patched copy of harness/)
#   PORT="F.c..."  an outside port's C files (docs/PORTING.md), linked in
# Knobs count only when given on make's command line (OSS-Fuzz exports $OUT).
BUILD := out
OUT := $(BUILD)
IMPL := impl
HARNESS := harness
PORT :=
GO := go
ORACLE_LIB := $(BUILD)/oracle/libmdoracle.a
# The Go archive linked into mapdiff and mapdiff-fuzz: the oracle, or the
# oracle with a Go port in process (GO_LIB=..., ./build.sh goport DIR).
GO_LIB := $(ORACLE_LIB)

CWARN := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE
INC := -I$(HARNESS) -I$(IMPL)
# Linked whole: a Go port's exports are weak references (goport_linked.c),
# which pull nothing out of an archive by themselves.
LIBS := -Wl,--whole-archive $(GO_LIB) -Wl,--no-whole-archive -lpthread -lm
SAN := -fsanitize=address,undefined

# ---- sources, one list per folder ----
FORMAT_SRC := $(wildcard $(HARNESS)/format/*.c)
RUN_SRC := $(wildcard $(HARNESS)/run/*.c)
ORACLES_SRC := $(filter-out %/oraclesrv.c,$(wildcard $(HARNESS)/oracles/*.c))
REPORT_SRC := $(wildcard $(HARNESS)/report/*.c)
CLI_SRC := $(wildcard $(HARNESS)/cli/*.c)
CAMPAIGN_SRC := $(HARNESS)/fuzz/campaign.c $(HARNESS)/fuzz/campaign_afl.c $(HARNESS)/fuzz/known_log.c
IMPL_SRC := $(wildcard $(IMPL)/*.c)
# Everything between bytes and a verdict (what every binary links).
CORE_SRC := $(FORMAT_SRC) $(RUN_SRC) $(ORACLES_SRC) $(REPORT_SRC) $(IMPL_SRC)

MAPDIFF_SRC := $(CORE_SRC) $(CLI_SRC) $(CAMPAIGN_SRC)
FUZZ_SRC := $(CORE_SRC) $(HARNESS)/fuzz/fuzz.c $(HARNESS)/fuzz/known.c $(HARNESS)/fuzz/skips.c $(HARNESS)/fuzz/found.c \
	$(HARNESS)/fuzz/twin.c $(HARNESS)/fuzz/mutator.c
AFL_SRC := $(FUZZ_SRC) $(HARNESS)/cli/cli.c $(HARNESS)/fuzz/afl.c

export GOTOOLCHAIN := local
export GOFLAGS := -mod=mod
export CGO_ENABLED := 1

# -MMD names each object's header dependencies under both its absolute and
# its relative name: ./build.sh passes an absolute BUILD, tests a relative
# one, and whichever compiled it last, the other must still see them.
DEP = -MMD -MP -MT $(abspath $@) -MT $(patsubst $(CURDIR)/%,%,$(abspath $@))
# The fuzz targets instrument for coverage what the fuzzer explores, not
# the judging code (harness/fuzz/uninstrumented.txt): clang's ignorelist for
# libFuzzer and OSS-Fuzz, AFL_LLVM_DENYLIST (the same format) for AFL++.
# The libFuzzer target keeps edge coverage but drops comparison tracing
# (FUZZ_COV): the hooks took a quarter of a campaign's time on compares of
# hashes, tophash bytes and reader bounds, and without them every planted
# fault is found sooner (bench/RESULTS.md section 20).  FUZZ_COV= puts
# them back.  The OSS-Fuzz variant leaves that choice to OSS-Fuzz.
FUZZ_COV ?= -fno-sanitize-coverage=trace-cmp
NOCOV = -fsanitize-coverage-ignorelist=$(HARNESS)/fuzz/uninstrumented.txt
objs = $(patsubst %.c,$(BUILD)/obj/$(1)/%.o,$(2))

.SECONDEXPANSION:
.PHONY: all cli fuzzers tests bench seeds
.DELETE_ON_ERROR:
all: cli fuzzers seeds
cli: $(OUT)/mapdiff $(OUT)/mapdiff.dict
fuzzers: $(OUT)/mapdiff-fuzz $(OUT)/mapdiff-afl

# ---- one pattern rule per variant ----
$(BUILD)/obj/cli/%.o: %.c
	@mkdir -p $(@D)
	gcc $(CWARN) -O2 -g $(INC) $(DEP) -c $< -o $@
$(BUILD)/obj/fuzz/%.o: %.c $(HARNESS)/fuzz/uninstrumented.txt
	@mkdir -p $(@D)
	clang $(CWARN) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined $(NOCOV) $(FUZZ_COV) $(INC) $(DEP) -c $< -o $@
$(BUILD)/obj/afl/%.o: %.c $(HARNESS)/fuzz/uninstrumented.txt
	@mkdir -p $(@D)
	AFL_QUIET=1 AFL_LLVM_DENYLIST=$(abspath $(HARNESS)/fuzz/uninstrumented.txt) afl-clang-fast $(CWARN) -O2 -g $(INC) $(DEP) -c $< -o $@
$(BUILD)/obj/asan/%.o: %.c
	@mkdir -p $(@D)
	clang $(CWARN) -O1 -g $(SAN) -fno-sanitize-recover=all $(INC) $(DEP) -c $< -o $@
$(BUILD)/obj/cov/%.o: %.c
	@mkdir -p $(@D)
	clang $(CWARN) -O0 -g -fsanitize=fuzzer -fprofile-instr-generate -fcoverage-mapping $(INC) $(DEP) -c $< -o $@
$(BUILD)/obj/oss/%.o: %.c $(HARNESS)/fuzz/uninstrumented.txt
	@mkdir -p $(@D)
	$(OSS_CC) $(OSS_CFLAGS) $(CWARN) $(NOCOV) $(INC) $(DEP) -c $< -o $@

# ---- the Go oracle linked into every binary ----
ORACLE_GO := $(wildcard oracle/*.go oracle/*/*.go) oracle/go.mod $(wildcard oracle/go.sum)
ORACLE_HDR := $(HARNESS)/format/prog.h $(HARNESS)/run/result.h $(HARNESS)/run/twin.h
# Go's build cache does not see a change to a C header outside the package
# (the harness headers cgo includes): a stale archive would read C structs
# with an old layout.  The headers' checksum goes into CGO_CFLAGS, which
# the cache does key on, so a header change rebuilds the cgo code.
ORACLE_HDR_SUM = $(shell cat $(ORACLE_HDR) | cksum | cut -d' ' -f1)
export CGO_CFLAGS = -O2 -g -DMD_HEADERS_SUM=$(ORACLE_HDR_SUM)
$(ORACLE_LIB): $(ORACLE_GO) $(ORACLE_HDR)
	@mkdir -p $(@D)
	cd oracle && $(GO) build -buildmode=c-archive -o $(abspath $@) .

# A Go toolchain's oracle in a helper process: ./build.sh sets ORACLE_ID,
# ORACLE_GOBIN (its go command), ORACLE_ENV (VAR=value words for that go
# command and ORACLE_VERSION, over the exports above: GOTOOLCHAIN=go1.27.3
# fetches that toolchain), ORACLE_LDLIBS and ORACLE_VERSION (a command
# printing the toolchain's version).  Built aside, then moved in place: a
# concurrent run never sees half a helper.
ORACLE_ENV :=
HELPER_DIR := $(BUILD)/oracle/$(ORACLE_ID)
HELPER_TMP := $(BUILD)/oracle/.$(ORACLE_ID).tmp
$(HELPER_DIR)/mapdiff-oracle: $(ORACLE_GO) $(ORACLE_HDR) $(HARNESS)/oracles/oraclesrv.c $(HARNESS)/oracles/oracle_proc.h
	rm -rf $(HELPER_TMP) && mkdir -p $(HELPER_TMP)
	cd oracle && env $(ORACLE_ENV) $(ORACLE_GOBIN) build -buildmode=c-archive -o $(abspath $(HELPER_TMP))/libmdoracle.a .
	env $(ORACLE_ENV) $(ORACLE_VERSION) | head -1 >$(HELPER_TMP)/version
	gcc $(CWARN) -O2 -g $(INC) $(HARNESS)/oracles/oraclesrv.c $(HELPER_TMP)/libmdoracle.a \
		$(ORACLE_LDLIBS) -lpthread -lm -o $(HELPER_TMP)/mapdiff-oracle
	rm -rf $(HELPER_DIR) && mv $(HELPER_TMP) $(HELPER_DIR)

# ---- a Go port (goport/, docs/PORTING.md): ./build.sh goport DIR ----
# GOPORT_SRC is an adapter module (a package whose Port() returns a
# goport.Port), GOPORT_ID its id.  A generated main module (src/) requires
# it, with goport/ and oracle/ replaced by this tree; built by the go on
# PATH as a c-archive, linked with oraclesrv.c into a helper beside the
# oracles' own, and moved in place file by file (the in-process build
# beside it stays).  Always rebuilt (go caches the work).
GOPORT_OUT := $(BUILD)/goport/$(GOPORT_ID)
GOPORT_TMP := $(BUILD)/goport/.$(GOPORT_ID).tmp
.PHONY: goport-helper
goport-helper:
	test -n "$(GOPORT_ID)" && test -f "$(GOPORT_SRC)/go.mod"
	rm -rf $(GOPORT_TMP) && mkdir -p $(GOPORT_TMP)/src
	mod=$$(awk '$$1=="module" {print $$2; exit}' $(GOPORT_SRC)/go.mod) && \
	printf 'module mapdiff/goport/main\n\ngo 1.23\n\nrequire %s v0.0.0\n\nreplace (\n\t%s => %s\n\tmapdiff/goport => %s\n\tmapdiff/oracle => %s\n)\n' \
		"$$mod" "$$mod" "$(abspath $(GOPORT_SRC))" "$(abspath goport)" "$(abspath oracle)" >$(GOPORT_TMP)/src/go.mod && \
	printf '// Code generated by make goport-helper; DO NOT EDIT.\n\npackage main\n\nimport (\n\tadapter "%s"\n\n\t"mapdiff/goport/serve"\n)\n\nfunc init() { serve.Register(adapter.Port()) }\n\nfunc main() {}\n' \
		"$$mod" >$(GOPORT_TMP)/src/main.go
	cd $(GOPORT_TMP)/src && $(GO) mod tidy && $(GO) build -buildmode=c-archive -o ../libmdgoport.a .
	gcc $(CWARN) -O2 -g $(INC) $(HARNESS)/oracles/oraclesrv.c $(GOPORT_TMP)/libmdgoport.a -lpthread -lm \
		-o $(GOPORT_TMP)/mapdiff-oracle
	mkdir -p $(GOPORT_OUT) && for f in $(GOPORT_TMP)/*; do rm -rf $(GOPORT_OUT)/$${f##*/} && mv $$f $(GOPORT_OUT)/; done
	rmdir $(GOPORT_TMP)

# The same adapter in mapdiff's own process, built by the go on PATH like
# the linked oracle: the oracle's source (package main, copied aside, its
# cgo include path kept by a link to the harness) plus a main file that
# registers the adapter with serve's in-process exports (build tag
# mapdiff_inproc), one c-archive.  ./build.sh then links it as GO_LIB into
# out/goport/<id>/mapdiff and mapdiff-fuzz.
GOPORT_INPROC_TMP := $(BUILD)/goport/.$(GOPORT_ID).inproc
.PHONY: goport-inproc
goport-inproc:
	test -n "$(GOPORT_ID)" && test -f "$(GOPORT_SRC)/go.mod" && test -d "$(GOPORT_OUT)"
	rm -rf $(GOPORT_INPROC_TMP) && mkdir -p $(GOPORT_INPROC_TMP)/src
	cp $(filter-out %_test.go oracle/gen.go,$(wildcard oracle/*.go)) $(GOPORT_INPROC_TMP)/src/
	ln -s $(abspath $(HARNESS)) $(GOPORT_INPROC_TMP)/harness
	mod=$$(awk '$$1=="module" {print $$2; exit}' $(GOPORT_SRC)/go.mod) && \
	printf 'module mapdiff/goport/inproc\n\ngo 1.23\n\nrequire %s v0.0.0\n\nreplace (\n\t%s => %s\n\tmapdiff/goport => %s\n\tmapdiff/oracle => %s\n)\n' \
		"$$mod" "$$mod" "$(abspath $(GOPORT_SRC))" "$(abspath goport)" "$(abspath oracle)" >$(GOPORT_INPROC_TMP)/src/go.mod && \
	printf '// Code generated by make goport-inproc; DO NOT EDIT.\n\npackage main\n\nimport (\n\tadapter "%s"\n\n\t"mapdiff/goport/serve"\n)\n\nfunc init() { serve.RegisterAs("%s", adapter.Port()) }\n' \
		"$$mod" "$(GOPORT_ID)" >$(GOPORT_INPROC_TMP)/src/goport_inproc.go
	cd $(GOPORT_INPROC_TMP)/src && $(GO) mod tidy && \
		$(GO) build -tags mapdiff_inproc -buildmode=c-archive -o $(abspath $(GOPORT_OUT))/libmdgoport-inproc.a .
	rm -rf $(GOPORT_INPROC_TMP)

# ---- binaries ----
$(OUT)/mapdiff: $(call objs,cli,$(MAPDIFF_SRC)) $(PORT) $(GO_LIB)
	gcc $(CWARN) -O2 -g $(INC) $(filter %.o %.c,$^) $(LIBS) -o $@
$(OUT)/mapdiff-fuzz: $(call objs,fuzz,$(FUZZ_SRC)) $(PORT) $(GO_LIB)
	clang $(CWARN) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined $(INC) \
		$(filter %.o %.c,$^) $(LIBS) -o $@
$(OUT)/mapdiff-afl: $(call objs,afl,$(AFL_SRC)) $(ORACLE_LIB)
	AFL_QUIET=1 afl-clang-fast $(CWARN) -O2 -g $(filter %.o,$^) $(LIBS) -o $@
$(OUT)/coverage/mapdiff-cov: $(call objs,cov,$(FUZZ_SRC)) $(ORACLE_LIB)
	@mkdir -p $(@D)
	clang $(CWARN) -O0 -g -fsanitize=fuzzer -fprofile-instr-generate -fcoverage-mapping $(filter %.o,$^) $(LIBS) -o $@
$(OSS_TARGET): $(call objs,oss,$(FUZZ_SRC)) $(ORACLE_LIB)
	@mkdir -p $(@D)
	$(OSS_CC) $(OSS_CFLAGS) $(filter %.o,$^) $(LIB_FUZZING_ENGINE) $(LIBS) -o $@

# The fuzzers' dictionary, next to the binaries (mapdiff fuzz reads it there).
$(OUT)/mapdiff.dict: $(HARNESS)/fuzz/mapdiff.dict
	@mkdir -p $(@D)
	cp $< $@

# ---- binary seeds from the text programs of corpus/ ----
SEEDS := $(patsubst corpus/%.txt,$(OUT)/seeds/%.bin,$(wildcard corpus/*.txt))
seeds: $(SEEDS)
	@for f in $(OUT)/seeds/*; do [ -f "corpus/$$(basename "$$f" .bin).txt" ] || rm -f "$$f"; done
$(OUT)/seeds/%.bin: corpus/%.txt $(OUT)/mapdiff
	@mkdir -p $(@D)
	$(OUT)/mapdiff asm $< -o $@

# ---- test programs (tests/run.sh): NAME (gcc) and NAME-asan (clang) ----
TEST_SRC_impl_test := $(IMPL_SRC) tests/impl_test.c
TEST_SRC_impl_hash_test := $(IMPL_SRC) tests/impl_hash_test.c
TEST_SRC_impl_clone_test := $(IMPL_SRC) tests/impl_clone_test.c
TEST_SRC_impl_types_test := $(IMPL_SRC) $(FORMAT_SRC) tests/impl_types_test.c
TEST_SRC_impl_iface_test := $(IMPL_SRC) $(FORMAT_SRC) tests/impl_iface_test.c
TEST_SRC_text_test := $(IMPL_SRC) $(FORMAT_SRC) tests/text_test.c
TEST_SRC_spec_test := $(IMPL_SRC) $(FORMAT_SRC) $(HARNESS)/run/canon.c $(HARNESS)/run/spec.c tests/spec_test.c
TEST_SRC_signature_test := $(IMPL_SRC) $(FORMAT_SRC) $(HARNESS)/report/signature.c tests/signature_test.c
TEST_SRC_mutator_test := $(IMPL_SRC) $(FORMAT_SRC) $(HARNESS)/fuzz/mutator.c tests/mutator_test.c
TESTS := impl_test impl_hash_test impl_clone_test impl_types_test impl_iface_test text_test spec_test signature_test mutator_test
tests: $(foreach t,$(TESTS),$(OUT)/tests/$(t) $(OUT)/tests/$(t)-asan)
$(TESTS:%=$(OUT)/tests/%-asan): $(OUT)/tests/%-asan: $$(call objs,asan,$$(TEST_SRC_$$*))
	@mkdir -p $(@D)
	clang $(CWARN) -O1 -g $(SAN) -fno-sanitize-recover=all $^ -lm -o $@
$(TESTS:%=$(OUT)/tests/%): $(OUT)/tests/%: $$(call objs,cli,$$(TEST_SRC_$$*))
	@mkdir -p $(@D)
	gcc $(CWARN) -O2 -g $^ -lm -o $@

# ---- benchmarks (bench/README.md) ----
bench: $(OUT)/bench/throughput $(OUT)/bench/maps
$(OUT)/bench/throughput: $(call objs,cli,$(CORE_SRC) bench/throughput.c) $(ORACLE_LIB)
	@mkdir -p $(@D)
	gcc $(CWARN) -O2 -g $(filter %.o,$^) $(LIBS) -o $@
$(OUT)/bench/maps: $(call objs,cli,$(IMPL_SRC) bench/maps.c) $(ORACLE_LIB)
	@mkdir -p $(@D)
	gcc $(CWARN) -O2 -g $(filter %.o,$^) $(LIBS) -o $@
# bench/maps against another toolchain's oracle archive (bench/build.sh
# names it: BENCH_GO=<id>, BENCH_LDLIBS its extra link libraries).
BENCH_GO :=
BENCH_LDLIBS :=
$(OUT)/bench/go/$(BENCH_GO)/maps: $(call objs,cli,$(IMPL_SRC) bench/maps.c) $(BUILD)/oracle/$(BENCH_GO)/libmdoracle.a
	@mkdir -p $(@D)
	gcc $(CWARN) -O2 -g $(filter %.o %.a,$^) $(BENCH_LDLIBS) -lpthread -lm -o $@

# Header dependencies of the tree's own sources (copies of impl/ or
# harness/ made by tests are fresh copies: their objects are rebuilt anyway).
-include $(wildcard $(BUILD)/obj/*/$(HARNESS)/*/*.d $(BUILD)/obj/*/$(IMPL)/*.d $(BUILD)/obj/*/tests/*.d $(BUILD)/obj/*/bench/*.d)
