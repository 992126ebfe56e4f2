module aeshash

go 1.19
