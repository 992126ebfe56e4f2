module mapdiff/goport/adapters/intmap

go 1.23

require mapdiff/goport v0.0.0

require github.com/kamstrup/intmap v0.5.2

replace (
	mapdiff/goport => ../..
	mapdiff/oracle => ../../../oracle
)
