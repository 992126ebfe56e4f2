module mapdiff/oracle

go 1.18
