module example.com/golistmap

go 1.24

require mapdiff/goport v0.0.0

// for go vet and gopls only: ./build.sh goport supplies its own
replace (
	mapdiff/goport => ../../../goport
	mapdiff/oracle => ../../../oracle
)
