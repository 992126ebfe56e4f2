/* ops.c: the op byte tables of the binary form, and the ops' names. */
#include "format/prog.h"
#include "format/wire.h"

const uint8_t md_op_table[16] = {
	MD_OP_PUT, MD_OP_PUT, MD_OP_PUT, MD_OP_PUT, MD_OP_GET, MD_OP_GET,
	MD_OP_GET, MD_OP_DEL, MD_OP_DEL, MD_OP_LEN, MD_OP_RANGE, MD_OP_CLEAR,
	MD_OP_MAKE, MD_OP_NIL, MD_OP_ALIAS, MD_OP_ADD,
};

/* Format 2: an op byte with bits 5 and 6 set is an iterator op: bits 0-2
 * pick it/next/drain/stop, bits 3 and 7 the iterator slot, bit 4 m or m2. */
const uint8_t md_iter_table[8] = {
	MD_OP_ITER, MD_OP_NEXT, MD_OP_NEXT, MD_OP_NEXT, MD_OP_DRAIN, MD_OP_STOP, MD_OP_ITER, MD_OP_NEXT,
};

static const char *const opnames[MD_NOPCODES] = {
	"nil", "make", "make", "put", "get", "del", "len", "range", "clear", "alias", "add",
	"it", "next", "drain", "stop", "clone",
};

const char *md_opname(int code)
{
	return code >= 0 && code < MD_NOPCODES ? opnames[code] : "?";
}
