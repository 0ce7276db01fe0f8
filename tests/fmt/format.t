#!/bin/sh
# The C sources follow .clang-format: `clang-format --dry-run -Werror` on
# every file `make format` formats finds nothing to change (run `make
# format` to fix drift).
. "$(dirname "$0")/../lib.sh"
t_setup

cd "$TETHER_ROOT" || exit 1
check "clang-format is installed" command -v clang-format
files=$(make -s --no-print-directory format-files)
check "there are sources to check" test -n "$files"
# The check itself sees drift when there is some.
printf 'int  main( void ){return 0;}\n' >"$T_WORK/drift.c"
cp .clang-format "$T_WORK/"
expect_exit "a badly formatted file is caught" 1 \
	clang-format --dry-run -Werror "$T_WORK/drift.c"
bad=""
for f in $files; do
	clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
expect_eq "every source is formatted (make format fixes it)" "" "$bad"
t_done
