package mdres

import (
	"os"
	"runtime/debug"
)

// gcPercent is the Go collector's target unless GOGC says otherwise. The
// heap the oracle keeps live is one program's maps, a few hundred KB, so
// at Go's default (100) the collector starts about every 4 MB allocated:
// every few dozen programs of a campaign, 5 to 6% of its time with its
// assists and sweeping (bench/RESULTS.md, section 22). Four times the
// default starts it a quarter as often for a heap a few MB larger; a
// program's maps are the same maps.
const gcPercent = 400

func init() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
