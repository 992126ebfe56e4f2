// Package golistmap is a tiny map written in Go for docs/PORTING.md's
// example of a Go port: a chained hash table with a fixed 16 chains, new
// entries at a chain's tail.  A deleted entry is only marked dead and stays
// in its chain (until the map is dropped), so an iteration paused on an
// entry survives any write: it is here to show a Go port end to end, not to
// be fast.  port.go adapts it to mapdiff (goport.Port).
package golistmap

import (
	"hash/maphash"
	"iter"
)

const nchains = 16

type node[K comparable] struct {
	next *node[K]
	live bool
	key  K
	val  int64
}

// Map is a map[K]int64.
type Map[K comparable] struct {
	seed       maphash.Seed
	head, tail [nchains]*node[K]
	count      int
}

// New makes an empty map.
func New[K comparable]() *Map[K] { return &Map[K]{seed: maphash.MakeSeed()} }

func (m *Map[K]) chain(k K) int { return int(maphash.Comparable(m.seed, k) % nchains) }

func (m *Map[K]) find(k K) *node[K] {
	for n := m.head[m.chain(k)]; n != nil; n = n.next {
		if n.live && n.key == k {
			return n
		}
	}
	return nil
}

// Get is v, ok := m[k].
func (m *Map[K]) Get(k K) (int64, bool) {
	if n := m.find(k); n != nil {
		return n.val, true
	}
	return 0, false
}

// Put is m[k] = v.  Like Go's map it stores the new key too: after
// m[+0.0] = 1; m[-0.0] = 2 the key is -0.
func (m *Map[K]) Put(k K, v int64) {
	if n := m.find(k); n != nil {
		n.key, n.val = k, v
		return
	}
	c := m.chain(k)
	n := &node[K]{live: true, key: k, val: v}
	if m.tail[c] == nil {
		m.head[c] = n
	} else {
		m.tail[c].next = n
	}
	m.tail[c] = n
	m.count++
}

// Delete is delete(m, k).
func (m *Map[K]) Delete(k K) {
	if n := m.find(k); n != nil {
		n.live = false
		m.count--
	}
}

// Len is len(m).
func (m *Map[K]) Len() int { return m.count }

// Clear is clear(m): every entry dead, so a paused iteration produces none
// of them.
func (m *Map[K]) Clear() {
	for _, n := range m.head {
		for ; n != nil; n = n.next {
			n.live = false
		}
	}
	m.count = 0
}

// All is for k, v := range m: chain by chain, live entries only.
func (m *Map[K]) All() iter.Seq2[K, int64] {
	return func(yield func(K, int64) bool) {
		for c := range m.head {
			for n := m.head[c]; n != nil; n = n.next {
				if n.live && !yield(n.key, n.val) {
					return
				}
			}
		}
	}
}
