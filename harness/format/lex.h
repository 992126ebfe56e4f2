/*
 * lex.h: the tokens of the text form's types and literals (types_desc.c
 * parses `struct{a int8; b float64}`, types_text.c `{1, -0.0}`).
 */
#ifndef MAPDIFF_LEX_H
#define MAPDIFF_LEX_H

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

/* *s past spaces and tabs. */
static inline void md_lex_blanks(const char **s)
{
	while (**s == ' ' || **s == '\t')
		(*s)++;
}

/* Consumes tok (after blanks) if it comes next; word: not when tok ends
 * a word that goes on (`int` is not next in `int8`). */
static inline bool md_lex_eat(const char **s, const char *tok, bool word)
{
	md_lex_blanks(s);
	size_t n = strlen(tok);
	if (strncmp(*s, tok, n) != 0)
		return false;
	if (word && isalnum((unsigned char)tok[n - 1]) && (isalnum((unsigned char)(*s)[n]) || (*s)[n] == '_'))
		return false;
	*s += n;
	return true;
}

#endif
