#include "CEditShim.h"
#include <sys/ioctl.h>
#include <unistd.h>

int hql_el_set_prompt(EditLine *el, hql_prompt_function prompt) {
    return el_set(el, EL_PROMPT, prompt);
}

int hql_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

int hql_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}

int hql_el_add_function(EditLine *el, const char *name, const char *help, hql_editor_function function) {
    return el_set(el, EL_ADDFN, name, help, function);
}

int hql_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, (const char *)NULL);
}

int hql_el_setty(EditLine *el, const char *first, const char *second) {
    return el_set(el, EL_SETTY, first, second, (const char *)NULL);
}

int hql_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

void *hql_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

int hql_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

History *hql_history_open(int size, int unique) {
    HistEvent event;
    History *h = history_init();
    if (h == NULL) return NULL;
    history(h, &event, H_SETSIZE, size);
    history(h, &event, H_SETUNIQUE, unique);
    return h;
}

int hql_history_enter(History *h, const char *line) {
    HistEvent event;
    return history(h, &event, H_ENTER, line);
}

int hql_history_load(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_LOAD, path);
}

int hql_history_save(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_SAVE, path);
}

int hql_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}

int hql_terminal_rows(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_row;
}
