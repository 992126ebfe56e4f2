module gccgoarrayiface

go 1.16
