module mapdiff/goport/adapters/syncmap

go 1.23

require mapdiff/goport v0.0.0

replace (
	mapdiff/goport => ../..
	mapdiff/oracle => ../../../oracle
)
