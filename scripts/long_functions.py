#!/usr/bin/env python3
"""List the Rust functions longer than N lines (default 80) under a folder
(default src), longest first: `scripts/long_functions.py [DIR] [N]`.

A rough reader, not a parser: a function runs from its `fn` line to the
brace that closes it, counted with comments, strings and char literals
taken out. Good enough to find what the ~80-line rule asks to split.
"""
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "src"
LIMIT = int(sys.argv[2]) if len(sys.argv) > 2 else 80
found = []
pat=re.compile(r'^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)')
for root,_,files in os.walk(ROOT):
    for f in files:
        if not f.endswith('.rs'): continue
        p=os.path.join(root,f); lines=open(p).read().split('\n')
        i=0
        while i<len(lines):
            m=pat.match(lines[i])
            if m:
                depth=0; started=False; j=i
                while j<len(lines):
                    code=re.sub(r'//.*','',lines[j]); code=re.sub(r'"(\\.|[^"\\])*"','""',code); code=re.sub(r"'(\\.|[^'\\])'","''",code)
                    depth+=code.count('{')-code.count('}')
                    if code.count('{'): started=True
                    if started and depth<=0: break
                    if not started and code.rstrip().endswith(';'): break
                    j+=1
                n=j-i+1
                if started and n > LIMIT:
                    found.append((n, f"{p}:{i+1}", m.group(6)))
            i+=1
for n, place, name in sorted(found, reverse=True):
    print(f"{n:5} {place} {name}")
