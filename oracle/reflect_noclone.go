//go:build !go1.21
// +build !go1.21

package main

import "reflect"

// cloneValue: this toolchain has no maps.Clone (before Go 1.21).
func cloneValue(m reflect.Value) reflect.Value { panic(errNoClone) }
