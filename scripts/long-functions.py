#!/usr/bin/env python3
"""Lists library functions over 100 lines (crates/*/src, tests modules excluded) and
exits 1 when there is one: the "functions of one idea each" habit, checked.

A function runs from its `fn` line to the first line after it that closes a brace at
the `fn` line's indentation (rustfmt's layout)."""
import pathlib, re, sys

LIMIT = 100
FN = re.compile(r'^(\s*)(pub(\([a-z]+\))? )?(const )?(async )?(unsafe )?fn ([a-z0-9_]+)')
long = []
for path in sorted(pathlib.Path('crates').glob('*/src/**/*.rs')):
    lines = path.read_text().split('\n')
    in_tests = None
    for i, line in enumerate(lines):
        if line.startswith('mod tests') or line.startswith('#[cfg(test)]'):
            break  # unit tests sit at the end of a file
        m = FN.match(line)
        if not m or line.rstrip().endswith(';'):
            continue
        indent = m.group(1)
        for j in range(i + 1, len(lines)):
            if lines[j].startswith(indent + '}') and not lines[j].startswith(indent + '}' + ' else'):
                if j - i + 1 > LIMIT:
                    long.append(f'{path}:{i + 1}: fn {m.group(7)} is {j - i + 1} lines')
                break
for l in long:
    print(l)
sys.exit(1 if long else 0)
