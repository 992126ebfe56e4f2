//go:build go1.24
// +build go1.24

package main

/*
#include "run/result.h"
*/
import "C"

import "unsafe"

// hasShape: Swiss tables (gc 1.24 and later) have no B to compare.
const hasShape = false

func setShape(res *C.md_res, mp unsafe.Pointer, seen *bool) {}
