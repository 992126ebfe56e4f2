//go:build !go1.21
// +build !go1.21

package main

import "reflect"

// clearValue: this toolchain has no clear builtin (before Go 1.21).
func clearValue(m reflect.Value) { panic(errNoClear) }
