module mapdiff/goport/adapters/xsyncmapof

go 1.23

require mapdiff/goport v0.0.0

require github.com/puzpuzpuz/xsync/v3 v3.5.1

replace (
	mapdiff/goport => ../..
	mapdiff/oracle => ../../../oracle
)
