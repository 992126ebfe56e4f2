/*
 * aeshash.c: the C port's hashes of what tests/aeshash/main.go hashes with
 * gc 1.19's runtime (tests/t_hash.sh compares the two outputs).
 */
#include <stdio.h>

#include "gomap.h"

int main(void)
{
	uint8_t ref[301];
	for (int i = 0; i < 301; i++)
		ref[i] = (uint8_t)(i * 131 + 7);
	for (int s = 0; s <= 300; s++)
		printf("%d %llx\n", s, (unsigned long long)memhash(ref, 0x1234, (uint64_t)s));
	uint64_t k = 0x9E3779B97F4A7C15ULL;
	printf("64 %llx\n", (unsigned long long)memhash64(NULL, &k, 99, NULL));
	printf("32 %llx\n", (unsigned long long)memhash32(NULL, &k, 99, NULL));
	return useAeshash ? 0 : 3;
}
