#ifndef CEDITSHIM_H
#define CEDITSHIM_H
#include <histedit.h>
// Wrappers for libedit's C-variadic calls, which Swift cannot make directly (REPL issue).

typedef char *(*hql_prompt_function)(EditLine *);
typedef unsigned char (*hql_editor_function)(EditLine *, int);

/// el_set(EL_PROMPT)
int hql_el_set_prompt(EditLine *el, hql_prompt_function prompt);
/// el_set(EL_EDITOR, "emacs" | "vi")
int hql_el_set_editor(EditLine *el, const char *mode);
/// el_set(EL_HIST, history, h)
int hql_el_set_history(EditLine *el, History *h);
/// el_set(EL_ADDFN, name, help, function)
int hql_el_add_function(EditLine *el, const char *name, const char *help, hql_editor_function function);
/// el_set(EL_BIND, key, function, NULL)
int hql_el_bind(EditLine *el, const char *key, const char *function);
/// el_set(EL_SETTY, first, second, NULL), e.g. "-d", "-isig"
int hql_el_setty(EditLine *el, const char *first, const char *second);
/// el_set(EL_CLIENTDATA, data)
int hql_el_set_clientdata(EditLine *el, void *data);
/// el_get(EL_CLIENTDATA)
void *hql_el_get_clientdata(EditLine *el);
/// el_set(EL_SIGNAL, on)
int hql_el_set_signal(EditLine *el, int on);

/// history_init, then H_SETSIZE size and H_SETUNIQUE unique.
History *hql_history_open(int size, int unique);
/// history(H_ENTER, line)
int hql_history_enter(History *h, const char *line);
/// history(H_LOAD, path)
int hql_history_load(History *h, const char *path);
/// history(H_SAVE, path)
int hql_history_save(History *h, const char *path);

/// The terminal's width in columns (TIOCGWINSZ), or 0 when fd is not a terminal.
int hql_terminal_columns(int fd);
/// The terminal's height in rows (TIOCGWINSZ), or 0 when fd is not a terminal.
int hql_terminal_rows(int fd);
#endif
