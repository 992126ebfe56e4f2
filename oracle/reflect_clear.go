//go:build go1.21
// +build go1.21

package main

import "reflect"

// clearValue is clear(m) on a map of a reflect-built type (Go 1.21).
func clearValue(m reflect.Value) { m.Clear() }
