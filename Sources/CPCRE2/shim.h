#ifndef ERRATA_CPCRE2_SHIM_H
#define ERRATA_CPCRE2_SHIM_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

// PCRE2's API names are macros over width-suffixed functions; Swift cannot
// import those macros, so the few we use are wrapped here.
static inline size_t errata_pcre2_unset(void) { return PCRE2_UNSET; }
#endif
