#!/usr/bin/env python3
"""The app's floors, checked from its #include lines: no circle among src/app's files (a header and
its source count as one), and every include points down or sideways:

  state/, bridge/   include only state/ and bridge/ (and the engine, the lessons, the standard library)
  commands/         include only state/, bridge/ and commands/
  gfx/              never views/, access/ or the top (app.*)
  views/, access/   never the top (app.*); access/ never views/

Prints what breaks a rule and exits 1, else a one-line summary. Usage: tools/include_floors.py
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent / 'src'
modules = {}
for path in (root / 'app').rglob('*'):
    if path.suffix not in ('.h', '.cpp'):
        continue
    name = str(path.relative_to(root).with_suffix(''))
    includes = set(re.findall(r'#include "(app/[^"]+)\.h"', path.read_text()))
    modules.setdefault(name, set()).update(i for i in includes if i != name)


def floor(module):
    parts = module.split('/')
    return parts[1] if len(parts) > 2 else 'top'


ALLOWED = {
    'state': {'state', 'bridge'},
    'bridge': {'state', 'bridge'},
    'commands': {'state', 'bridge', 'commands'},
    'gfx': {'state', 'bridge', 'gfx'},
    'views': {'state', 'bridge', 'commands', 'gfx', 'views'},
    'access': {'state', 'bridge', 'commands', 'gfx', 'access'},
    'top': {'state', 'bridge', 'commands', 'gfx', 'views', 'access', 'top'},
}
problems = []
for module, includes in sorted(modules.items()):
    for included in sorted(includes):
        if floor(included) not in ALLOWED[floor(module)]:
            problems.append(f'{module} includes {included}: {floor(module)}/ may not reach {floor(included)}/')

# Strongly connected components (Tarjan): a component of more than one module is a circle.
index, low, stack, on_stack, circles, counter = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on_stack.add(v)
    for w in modules.get(v, ()):
        if w not in modules:
            continue
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on_stack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        component = []
        while True:
            w = stack.pop()
            on_stack.discard(w)
            component.append(w)
            if w == v:
                break
        if len(component) > 1:
            circles.append(sorted(component))


for v in list(modules):
    if v not in index:
        visit(v)
for circle in circles:
    problems.append('a circle: ' + ' -> '.join(circle))

if problems:
    print('\n'.join(problems))
    sys.exit(1)
print(f'src/app: {len(modules)} files (header and source as one), no circle, every include down or sideways')
