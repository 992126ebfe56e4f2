module mapdiff/goport/adapters/cockroachswiss

go 1.23

require mapdiff/goport v0.0.0

require github.com/cockroachdb/swiss v0.0.0-20260820225851-333444432258

replace (
	mapdiff/goport => ../..
	mapdiff/oracle => ../../../oracle
)
