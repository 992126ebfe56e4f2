module mapdiff/goport/adapters/xsyncmap

go 1.24

require mapdiff/goport v0.0.0

require github.com/puzpuzpuz/xsync/v4 v4.5.0

replace (
	mapdiff/goport => ../..
	mapdiff/oracle => ../../../oracle
)
