//go:build !go1.18
// +build !go1.18

package main

import "reflect"

// setIter stores iterator it's current entry into k and v: before Go 1.18
// (gccgo 11) reflect has no SetIterKey, so through a copy.
func setIter(k, v reflect.Value, it *reflect.MapIter) {
	k.Set(it.Key())
	v.Set(it.Value())
}
