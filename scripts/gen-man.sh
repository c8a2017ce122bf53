#!/usr/bin/env bash
# Regenerates the man pages in docs/man/ from the command tree.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf docs/man
go run -tags sqlite_fts5 ./cmd/formaudit gen-man docs/man
ls docs/man
