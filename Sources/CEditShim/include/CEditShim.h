#ifndef CEDITSHIM_H
#define CEDITSHIM_H
#include <histedit.h>
// Wrappers for libedit's C-variadic calls, which Swift cannot make directly (REPL issue).
int hql_el_set_prompt(EditLine *el, char *(*prompt)(EditLine *));
#endif
