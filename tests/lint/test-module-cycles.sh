#!/usr/bin/env bash
# test-module-cycles.sh - the module-cycle check finds cycles and only cycles.
#
# Tiny C files are compiled into objects ($CC, cc by default): two that call
# each other are a cycle; a chain that only calls downwards is not; a loop of
# three is printed whole, from its alphabetically first module.
set -u
cd "$(dirname "$0")/../.." || exit 1
check=tests/lint/module-cycles.sh
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
. tests/lib/expect.sh

# module NAME "C source": compile one module into $scratch/NAME.o.
module() {
    printf '%s\n' "$2" >"$scratch/$1.c"
    "${CC:-cc}" -c -o "$scratch/$1.o" "$scratch/$1.c" || exit 1
}


# server calls commands, and commands calls back into server: a cycle.
module server 'void command_run(void); void server_send(void) {} void server_loop(void) { command_run(); }'
module commands 'void server_send(void); void command_run(void) { server_send(); }'
expect "two modules that call each other" 1 \
"cycle: commands -> server -> commands
    commands -> server: server_send
    server -> commands: command_run
module cycles: 1 cycles among 2 modules" -- bash "$check" "$scratch/server.o" "$scratch/commands.o"

# main -> loop -> queue, main -> queue, and a table of data: no cycle.
module main 'void loop_run(void); void queue_init(void); int main(void) { queue_init(); loop_run(); return 0; }'
module loop 'void queue_push(int); extern int queue_limit; void loop_run(void) { queue_push(queue_limit); }'
module queue 'int queue_limit = 8; void queue_init(void) {} void queue_push(int n) { (void)n; }'
expect "calls that only go downwards" 0 \
"module cycles: 0 cycles among 3 modules" -- bash "$check" "$scratch/main.o" "$scratch/loop.o" "$scratch/queue.o"

# c -> a -> b -> c, through a variable for one step.
module c 'int a_go(void); void c_go(void) { a_go(); }'
module a 'extern int b_count; int a_go(void) { return b_count; }'
module b 'void c_go(void); int b_count; void b_go(void) { c_go(); }'
expect "a loop of three, through a variable" 1 \
"cycle: a -> b -> c -> a
    a -> b: b_count
    b -> c: c_go
    c -> a: a_go
module cycles: 1 cycles among 3 modules" -- bash "$check" "$scratch/c.o" "$scratch/a.o" "$scratch/b.o"

expect "a missing object is an error, not a pass" 2 \
"$check: cannot read $scratch/missing.o" -- bash "$check" "$scratch/main.o" "$scratch/missing.o"

expect_summary "module cycle check"
