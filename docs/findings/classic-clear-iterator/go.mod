module classicleariterator

go 1.21
