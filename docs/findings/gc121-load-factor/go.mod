module gc121loadfactor

go 1.19
