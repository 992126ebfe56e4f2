/*
 * text.h: the text form of a mapdiff program.
 *
 * The text form is the readable twin of the binary form: one operation per
 * line, keys written as Go literals.  docs/FORMAT.md ("Text form") tells the
 * grammar.  md_show output parses back with md_parse to a program whose
 * md_show output is byte-identical.
 */
#ifndef MAPDIFF_TEXT_H
#define MAPDIFF_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "format/prog.h"

/* Room md_format_key needs for any key: a string of MD_MAX_STR bytes,
 * each written as \xHH, plus the quotes and the NUL. */
#define MD_KEY_TEXT_MAX (4 * MD_MAX_STR + 3)
/* Room for one line of md_show (a composite key's literal can be long)
 * and the longest composite key literal md_parse reads. */
#define MD_TEXT_LINE_MAX (1 << 20)
#define MD_COMPOSITE_TEXT_MAX (1 << 18)

/* Print program p in text form. */
void md_show(const md_prog *p, FILE *f);

/* Format key i of p as a literal of the text form into buf (always
 * NUL-terminated; cut short when cap is below MD_KEY_TEXT_MAX). */
void md_format_key(const md_prog *p, uint32_t i, char *buf, size_t cap);

/* Format a key given by its canonical bytes (kind: enum gokind). */
void md_format_canon(int kind, const uint8_t *k, uint32_t len, char *buf, size_t cap);

/* Format a key of p's key type (any type) given by its canonical bytes. */
void md_format_pkey(const md_prog *p, const uint8_t *k, uint32_t len, char *buf, size_t cap);

/* Format value v of an op of p (the int64, or an index into the value
 * table) as a literal of p's value type. */
void md_format_val(const md_prog *p, int64_t v, char *buf, size_t cap);

/* Format a value word (result.h md_val_word) that a side reported: an
 * integer as itself, any other value as the program's value it stands for. */
void md_format_word(const md_prog *p, int64_t w, char *buf, size_t cap);

/* Format op i of p as its line of the text form (no newline). */
void md_format_op(const md_prog *p, uint32_t i, char *buf, size_t cap);

/* The lines before the start line: a comment, the map type, the seed. */
void md_format_header(const md_prog *p, char *buf, size_t cap);

/* Parse the text form; false on error with one line "line N: <problem>"
 * in err.  On error *p holds no program. */
bool md_parse(const char *text, size_t len, md_prog *p, char *err, size_t errcap);

#endif
