/* cli.c: reading programs for the mapdiff commands (see cli.h). */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "format/text.h"
#include "run/side.h"

#define MD_MAX_FILE (64u << 20)

md_prog md_cli_prog;

md_form md_cli_form(int *argc, char ***argv)
{
	if (*argc > 0 && (strcmp((*argv)[0], "--text") == 0 || strcmp((*argv)[0], "--binary") == 0)) {
		md_form f = strcmp((*argv)[0], "--text") == 0 ? FORM_TEXT : FORM_BINARY;
		(*argc)--, (*argv)++;
		return f;
	}
	return FORM_AUTO;
}

uint8_t *md_cli_read(const char *path, size_t *n)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "mapdiff: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "mapdiff: %s: is a directory, not a program file\n", path);
		fclose(f);
		return NULL;
	}
	uint8_t *buf = malloc(MD_MAX_FILE + 1);
	size_t got = buf ? fread(buf, 1, MD_MAX_FILE + 1, f) : 0;
	int err = ferror(f);
	if (f != stdin)
		fclose(f);
	if (!buf || err) {
		fprintf(stderr, "mapdiff: %s: %s\n", path, buf ? "read error" : "out of memory");
		free(buf);
		return NULL;
	}
	if (got > MD_MAX_FILE) {
		fprintf(stderr, "mapdiff: %s: too large (over %u MiB); a program needs at most a few KiB\n",
			path, MD_MAX_FILE >> 20);
		free(buf);
		return NULL;
	}
	*n = got;
	return buf;
}

static int looks_like_text(const uint8_t *b, size_t n)
{
	size_t i = 0;
	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r'))
		i++;
	if (i == n || !(b[i] == '#' || (n - i >= 4 && memcmp(b + i, "map[", 4) == 0)))
		return 0;
	for (size_t j = 0; j < n; j++)
		if (b[j] < 0x20 && b[j] != '\t' && b[j] != '\n' && b[j] != '\r')
			return 0;
	return 1;
}

int md_cli_load(const char *path, md_form fm, md_prog *p)
{
	size_t n;
	uint8_t *b = md_cli_read(path, &n);
	if (!b)
		return -1;
	int text = fm == FORM_TEXT || (fm == FORM_AUTO && looks_like_text(b, n));
	int rc = 0;
	if (text) {
		char err[256];
		if (!md_parse((const char *)b, n, p, err, sizeof err)) {
			fprintf(stderr, "mapdiff: %s: %s\n", path, err);
			rc = -1;
		}
	} else {
		md_decode_with(b, n, p, md_port_decode_opts());
	}
	free(b);
	return rc;
}

