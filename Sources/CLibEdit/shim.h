// Only includes: SwiftPM does not notice edits to a system library's header.
// <editline/readline.h> and never <readline/readline.h>: GNU readline is installed too.
#include <stdio.h>
#include <histedit.h>
