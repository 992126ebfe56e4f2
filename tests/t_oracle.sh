# shellcheck shell=bash
# The Go module under oracle/: gofmt'd, vet-clean, its own tests, generated code current.
t_oracle_gofmt() { [ -z "$(cd oracle && gofmt -l .)" ] || { echo "not gofmt'd: $(cd oracle && gofmt -l .)"; return 1; }; }
t_oracle_vet() { (cd oracle && go vet .); }
t_oracle_go_test() { (cd oracle && go test -count=1 . >/dev/null) || (cd oracle && go test -count=1 . | tail -5; return 1); }
t_oracle_generated_current() {
	local tmp
	tmp=$(mktemp -d)
	cp oracle/*.go oracle/go.mod "$tmp"/
	(cd "$tmp" && go run gen.go) || return 1
	for f in runners_gen.go clear_gen.go noclear_gen.go clone_gen.go noclone_gen.go; do
		cmp -s "$tmp/$f" "oracle/$f" || { echo "oracle/$f is stale: run 'go run gen.go' in oracle/"; rm -rf "$tmp"; return 1; }
	done
	rm -rf "$tmp"
}
t_scripts_bash_n() {
	local f
	for f in build.sh .ci/run .clusterfuzzlite/build.sh tests/*.sh; do bash -n "$f" || return 1; done
}
