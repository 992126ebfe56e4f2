//go:build go1.21
// +build go1.21

package main

import (
	_ "maps" // maps.clone, implemented by the runtime
	"reflect"
	_ "unsafe" // go:linkname
)

// mapsClone is the function maps.Clone calls, which the runtime implements
// (runtime/map.go mapclone, map_swiss.go maps_clone from Go 1.24):
// maps.Clone itself needs a map type known at compile time.
//
//go:linkname mapsClone maps.clone
func mapsClone(m any) any

// cloneValue is maps.Clone(m) on a map of a reflect-built type (Go 1.21),
// through the runtime's own clone; maps.Clone of a nil map is nil.
func cloneValue(m reflect.Value) reflect.Value {
	if m.IsNil() {
		return m
	}
	return reflect.ValueOf(mapsClone(m.Interface()))
}
