module mapdiffrepro

go 1.23

require github.com/alphadose/haxmap v1.4.0

require golang.org/x/exp v0.0.0-20221031165847-c99f073a8326 // indirect
