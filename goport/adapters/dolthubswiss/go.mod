module mapdiff/goport/adapters/dolthubswiss

go 1.23

require (
	github.com/dolthub/swiss v0.2.1
	mapdiff/goport v0.0.0
)

require github.com/dolthub/maphash v0.1.0 // indirect

replace (
	mapdiff/goport => ../..
	mapdiff/oracle => ../../../oracle
)
