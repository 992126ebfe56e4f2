module mapdiff/goport

go 1.23

require mapdiff/oracle v0.0.0

replace mapdiff/oracle => ../oracle
