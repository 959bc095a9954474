#!/usr/bin/env bash
# module-cycles.sh - the modules' dependencies form no cycle.
#
#   tests/lint/module-cycles.sh OBJECT.o...
#
# Each object file is one module, named for its file (build/.../server.o is
# "server"). Module A depends on module B when A's object uses a symbol (`nm`:
# undefined, U) that B's object defines (`nm`: a global definition, T for a
# function, D/B/R for data). Symbols nobody in the list defines (the C library,
# ncurses) are left out, and so are a module's uses of itself.
#
# Why: a lesson reads from the top down. If server.c calls commands.c and
# commands.c calls back into server.c, neither file can be read (or tested, or
# replaced) without the other: they are one module in two files.
#
# Output: for every dependency that lies on a cycle, the shortest cycle through
# it (each cycle once, starting from its alphabetically first module), with
# the symbols behind each step:
#   cycle: commands -> server -> commands
#       commands -> server: server_broadcast server_compose
#       server -> commands: command_execute
# then one summary line, e.g. "module cycles: 0 cycles among 24 modules".
#
# Exit status: 0 without a cycle, 1 with one, 2 on a usage error.
set -u -o pipefail
[ $# -gt 0 ] || { echo "usage: $0 OBJECT.o..." >&2; exit 2; }
for object in "$@"; do
    [ -r "$object" ] || { echo "$0: cannot read $object" >&2; exit 2; }
done
duplicates=$(for object in "$@"; do basename "$object" .o; done | sort | uniq -d | tr '\n' ' ')
[ -z "$duplicates" ] || { echo "$0: two objects share a module name: $duplicates" >&2; exit 2; }

for object in "$@"; do
    module=$(basename "$object" .o)
    echo "M $module"
    nm -g --defined-only "$object" | awk -v m="$module" 'NF == 3 { print "D", m, $3 }' || exit 2
    nm -u "$object" | awk -v m="$module" 'NF == 2 { print "U", m, $2 }' || exit 2
done | awk '
# Modules are numbered in alphabetical order so that every run prints the same.
function sort_modules(   i, j, swap) {
    for (i = 2; i <= count; i++)
        for (j = i; j > 1 && module[j - 1] > module[j]; j--) {
            swap = module[j]; module[j] = module[j - 1]; module[j - 1] = swap
        }
}

# The shortest path from module `from` to module `to` (breadth first, the
# neighbours in alphabetical order), as "from -> ... -> to"; "" if none.
function path(from, to,   queue, head, tail, seen, parent, u, v, text) {
    head = 1; tail = 1; queue[1] = from; seen[from] = 1
    while (head <= tail) {
        u = queue[head++]
        if (u == to)
            break
        for (v = 1; v <= count; v++)
            if (((u, v) in edge) && !(v in seen)) {
                seen[v] = 1; parent[v] = u; queue[++tail] = v
            }
    }
    if (!(to in seen))
        return ""
    text = module[to]
    for (v = to; v != from; v = parent[v])
        text = module[parent[v]] " -> " text
    return text
}

# A cycle written from its alphabetically first module: "b -> a -> b" is "a -> b -> a".
function rotate(cycle,   steps, n, first, i, text) {
    n = split(cycle, steps, / -> /) - 1
    first = 1
    for (i = 2; i <= n; i++)
        if (steps[i] < steps[first])
            first = i
    text = steps[first]
    for (i = 1; i <= n; i++)
        text = text " -> " steps[(first + i - 1) % n + 1]
    return text
}

function print_cycle(cycle,   steps, n, i) {
    print "cycle: " cycle
    n = split(cycle, steps, / -> /)
    for (i = 1; i < n; i++)
        print "    " steps[i] " -> " steps[i + 1] ":" symbols[number[steps[i]], number[steps[i + 1]]]
}

$1 == "D" && !($3 in defined_by) { defined_by[$3] = $2 }
$1 == "U" { used[++uses] = $2 " " $3 }
{ if (!($2 in known)) { known[$2] = 1; module[++count] = $2 } }

END {
    sort_modules()
    for (i = 1; i <= count; i++)
        number[module[i]] = i
    for (i = 1; i <= uses; i++) {
        split(used[i], use, " ")
        if (!(use[2] in defined_by) || defined_by[use[2]] == use[1])
            continue
        a = number[use[1]]; b = number[defined_by[use[2]]]
        edge[a, b] = 1
        if (index(symbols[a, b] " ", " " use[2] " ") == 0)
            symbols[a, b] = symbols[a, b] " " use[2]
    }
    cycles = 0
    for (a = 1; a <= count; a++)
        for (b = 1; b <= count; b++) {
            if (!((a, b) in edge))
                continue
            back = path(b, a)
            if (back == "")
                continue
            cycle = rotate(module[a] " -> " back)
            if (!(cycle in printed)) {
                printed[cycle] = 1
                cycles++
                print_cycle(cycle)
            }
        }
    printf "module cycles: %d cycles among %d modules\n", cycles, count
    exit cycles > 0 ? 1 : 0
}
'
