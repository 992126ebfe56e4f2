module mapdiffrepro

go 1.23

require github.com/cockroachdb/swiss v0.0.0-20260820225851-333444432258
