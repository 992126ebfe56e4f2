//go:build go1.18
// +build go1.18

package main

import "reflect"

// setIter stores iterator it's current entry into k and v (settable
// reflect values), without allocating (Go 1.18).
func setIter(k, v reflect.Value, it *reflect.MapIter) {
	k.SetIterKey(it)
	v.SetIterValue(it)
}
