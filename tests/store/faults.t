#!/bin/sh
# Store faults, on real file systems: a full and a nearly full disk (a small
# tmpfs mounted here), a file system remounted read-only, an immutable
# file, and a .db file and a directory without write permission (checked as
# an unprivileged user, since root passes permissions). Reads keep working
# and say why nothing can change; every change fails (exit 1) naming the
# cause, saying nothing was changed and what to do; afterwards the old data
# is intact (the same dump, integrity_check ok) and changes work again.
# Where mounting is not permitted, the disk checks are reported as skipped
# (# skip: lines), never as passed.
. "$(dirname "$0")/../lib.sh"
t_setup

port=$(free_port) # nothing listens there: tests fail, and try to store it

# The store's content, as SQL (what "intact" is compared with).
dump() { sqlite3 "$1" .dump; }

# seed DB: three integrations (one with a secret) and a stored test result.
seed() {
	tether --db "$1" add Alpha --host "127.0.0.1:$port" --auth none \
		--description 'first one' >/dev/null &&
		echo beta-secret | tether --db "$1" add Beta --host beta.example.com \
			--auth basic --user bob --password-stdin >/dev/null &&
		tether --db "$1" add Gamma --host gamma.example.com --auth none >/dev/null &&
		{ tether --db "$1" test Alpha >/dev/null 2>&1 || true; }
}

# A file to import: an export of another store, under a new name.
tether --db "$T_WORK/tmpl.db" add Tmpl --host tmpl.example.com --auth none >/dev/null
tether --db "$T_WORK/tmpl.db" export |
	sed 's/"Tmpl"/"Imported"/' >"$T_WORK/import.json"
expect_match "the import file holds one integration" \
	"$(cat "$T_WORK/import.json")" '"Imported"'

# names DB: the names in the store, as SQLite reads them (before a fault).
names() { sqlite3 "$1" 'SELECT name FROM integrations ORDER BY name_key'; }

# faults LABEL DB MESSAGE-REGEX NOTE-REGEX [RUNNER...]: reads work, list
# showing $want_list, and note NOTE; each change fails with MESSAGE. RUNNER
# (e.g. an unprivileged-user wrapper) runs tether.
faults() {
	label=$1 fdb=$2 msg=$3 note=$4
	shift 4
	expect_exit "$label: list works" 0 "$@" "$TETHER_BIN" --db "$fdb" list --json
	expect_eq "$label: list shows every integration" "$want_list" \
		"$(printf '%s\n' "$T_OUT" | jq -r '.[].name' 2>&1)"
	expect_match "$label: list notes why nothing can change" "$T_ERR" "$note"
	expect_exit "$label: show works" 0 "$@" "$TETHER_BIN" --db "$fdb" show Alpha
	expect_match "$label: show prints the integration" "$T_OUT" 'first one'
	expect_match "$label: show notes why nothing can change" "$T_ERR" "$note"
	for cmd in "add Newcomer --host new.example.com --auth none" \
		"edit Alpha --description changed" "test Alpha" \
		"import $T_WORK/import.json" "rm Gamma --yes" \
		"rename Gamma Omega" "default Beta"; do
		# shellcheck disable=SC2086 # the command's words
		expect_exit "$label: ${cmd%% *} fails" 1 "$@" "$TETHER_BIN" --db "$fdb" $cmd
		expect_match "$label: ${cmd%% *} says why, that nothing was changed and what to do" \
			"$T_ERR" "$msg"
	done
}

# ---- A full disk: a tmpfs of 1 MiB mounted here ----------------------------

disk="$T_WORK/disk"
mkdir -p "$disk"
mounted=
if [ "$(id -u)" != 0 ]; then
	echo "# skip: full-disk checks: not root, so no tmpfs can be mounted"
elif ! mount -t tmpfs -o size=1m,mode=0700 tmpfs "$disk" 2>"$T_WORK/mount.err"; then
	echo "# skip: full-disk checks: mounting a tmpfs is not permitted here ($(cat "$T_WORK/mount.err"))"
else
	mounted=1
	t_on_exit "umount '$disk' 2>/dev/null"
fi

# The disk filled until `free` KiB are left (0: full).
fill() {
	rm -f "$disk/fill"
	avail=$(df -P -k "$disk" | awk 'NR == 2 { print $4 }')
	if [ "$1" = 0 ]; then
		dd if=/dev/zero of="$disk/fill" bs=4k 2>/dev/null
	else
		dd if=/dev/zero of="$disk/fill" bs=1k count=$((avail - $1)) 2>/dev/null
	fi
	df -P -k "$disk" | awk 'NR == 2 { print $4 }'
}

if [ -n "$mounted" ]; then
	db="$disk/tether/tether.db"
	check "a store on the small disk" seed "$db"
	before=$(dump "$db")
	want_list=$(names "$db")
	full="^tether: the disk holding $db is full( \([^)]*\))?; nothing was changed; free some space on it and try again$"
	fullnote="warning: the disk holding $db is full.*: tether can read the store but cannot change it until you free some space on it"

	expect_eq "the disk is full" 0 "$(fill 0)"
	faults "full disk" "$db" "$full" "$fullnote"
	expect_exit "full disk: export works" 0 tether --db "$db" export
	expect_match "full disk: export holds the integrations" "$T_OUT" '"Gamma"'
	expect_exit "full disk: history works" 0 tether --db "$db" history

	# Less than the 32 KiB SQLite's -shm needs: once enough to fail even a
	# read.
	left=$(fill 16)
	expect_eq "16 KiB are left on the disk" 16 "$left"
	faults "nearly full disk" "$db" "$full" "$fullnote"

	rm -f "$disk/fill"
	expect_eq "after freeing space: the data is intact" "$before" "$(dump "$db")"
	expect_eq "after freeing space: integrity_check ok" ok \
		"$(sqlite3 "$db" 'PRAGMA integrity_check')"
	check "after freeing space: changes work again" \
		tether --db "$db" add Delta --host delta.example.com --auth none
	before=$(dump "$db")
	want_list=$(names "$db")

	# A disk with some room: changes work until they fill it up.
	fill 120 >/dev/null
	desc=$(printf '%1000s' '' | tr ' ' x)
	n=0
	while [ $n -lt 100 ] && tether --db "$db" add "Fill$n" --host f.example.com \
		--auth none --description "$desc" >/dev/null 2>"$T_WORK/fill.err"; do
		n=$((n + 1))
	done
	check "some changes fit before the disk fills up ($n)" test "$n" -gt 0
	expect_match "changes fail once the disk fills up, saying so" \
		"$(cat "$T_WORK/fill.err")" "$full"
	rm -f "$disk/fill"
	expect_eq "what was added before the disk filled up is there ($n)" "$n" \
		"$(sqlite3 "$db" "SELECT count(*) FROM integrations WHERE name LIKE 'Fill%'")"
	expect_eq "after freeing space: integrity_check ok" ok \
		"$(sqlite3 "$db" 'PRAGMA integrity_check')"
	sqlite3 "$db" "DELETE FROM integrations WHERE name LIKE 'Fill%'"
	expect_eq "the rest is intact" "$before" "$(dump "$db")"

	# The same file system remounted read-only.
	if mount -o remount,ro "$disk" 2>"$T_WORK/mount.err"; then
		faults "read-only file system" "$db" \
			"^tether: the file system holding $db is mounted read-only; nothing was changed; remount it read-write .* and try again$" \
			"warning: the file system holding $db is mounted read-only: tether can read the store but cannot change it until you remount it read-write"
		mount -o remount,rw "$disk"
		expect_eq "read-only file system: the data is intact" "$before" "$(dump "$db")"
	else
		echo "# skip: read-only file system: remounting is not permitted ($(cat "$T_WORK/mount.err"))"
	fi
fi

# ---- An immutable .db file (chattr +i stops even root) ---------------------

idir="$T_WORK/immutable"
mkdir -p "$idir"
idb="$idir/tether.db"
check "a store to mark immutable" seed "$idb"
before=$(dump "$idb")
want_list=$(names "$idb")
if chattr +i "$idb" 2>"$T_WORK/chattr.err"; then
	t_on_exit "chattr -i '$idb' 2>/dev/null"
	faults "immutable file" "$idb" \
		"^tether: $idb cannot be written: it is marked immutable or append-only \(lsattr shows it\); nothing was changed; clear the mark \(chattr -i -a $idb\) and try again$" \
		"warning: $idb cannot be written: it is marked immutable"
	chattr -i "$idb"
	expect_eq "immutable file: the data is intact" "$before" "$(dump "$idb")"
else
	echo "# skip: immutable file: chattr +i is not permitted here ($(cat "$T_WORK/chattr.err"))"
fi

# ---- A .db file and a directory without write permission -------------------

# As an unprivileged user: root is not stopped by permissions. $as runs
# a command as that user.
as=
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
		as="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups --"
		chmod 0711 "$T_WORK"
	else
		echo "# skip: permission checks: no setpriv or no user nobody to run them as"
	fi
fi
if [ "$(id -u)" != 0 ] || [ -n "$as" ]; then
	pdir="$T_WORK/perm"
	mkdir -p "$pdir/store" "$pdir/empty"
	[ -n "$as" ] && chown -R "$(id -u nobody):$(id -g nobody)" "$pdir"
	# tether as that user, with a home and key of the user's own.
	# shellcheck disable=SC2086 # $as is a command
	runas() { $as env HOME="$pdir" TETHER_KEY_FILE="$pdir/key" "$@"; }
	pdb="$pdir/store/tether.db"
	runas "$TETHER_BIN" --db "$pdb" add Alpha --host "127.0.0.1:$port" \
		--auth none --description 'first one' >/dev/null
	echo beta-secret | runas "$TETHER_BIN" --db "$pdb" add Beta \
		--host beta.example.com --auth basic --user bob --password-stdin >/dev/null
	runas "$TETHER_BIN" --db "$pdb" add Gamma --host gamma.example.com \
		--auth none >/dev/null
	expect_eq "the user's store holds three integrations" 3 \
		"$(sqlite3 "$pdb" 'SELECT count(*) FROM integrations')"
	before=$(dump "$pdb")
	want_list=$(names "$pdb")

	runas chmod 0400 "$pdb"
	faults "read-only file" "$pdb" \
		"^tether: $pdb is read-only \(permissions r--------\); nothing was changed; make it writable \(chmod 600 $pdb\) and try again$" \
		"warning: $pdb is read-only \(permissions r--------\): tether can read the store but cannot change it until you make it writable \(chmod 600 $pdb\)" \
		runas
	expect_eq "read-only file: no -wal or -shm is left behind" "" \
		"$(ls "$pdir/store" | grep -e '-wal$' -e '-shm$')"
	runas chmod 0600 "$pdb"
	expect_eq "read-only file: the data is intact" "$before" "$(dump "$pdb")"
	expect_exit "once it is writable again, a change works" 0 \
		runas "$TETHER_BIN" --db "$pdb" add Delta --host delta.example.com --auth none
	before=$(dump "$pdb")
	want_list=$(names "$pdb")

	runas chmod 0500 "$pdir/store"
	faults "read-only directory" "$pdb" \
		"^tether: the directory $pdir/store is not writable \(permissions r-x------\), so the store's journal \(tether.db-wal\) cannot be created there; nothing was changed; make it writable \(chmod 700 $pdir/store\) and try again$" \
		"warning: the directory $pdir/store is not writable \(permissions r-x------\), so the store's journal \(tether.db-wal\) cannot be created there: tether can read the store but cannot change it until you make it writable \(chmod 700 $pdir/store\)" \
		runas
	runas chmod 0700 "$pdir/store"
	expect_eq "read-only directory: the data is intact" "$before" "$(dump "$pdb")"
	expect_eq "read-only directory: integrity_check ok" ok \
		"$(sqlite3 "$pdb" 'PRAGMA integrity_check')"

	runas chmod 0500 "$pdir/empty"
	expect_exit "a new store in a read-only directory fails" 1 \
		runas "$TETHER_BIN" --db "$pdir/empty/new.db" list
	expect_match "it says the directory is not writable, so the file cannot be created" \
		"$T_ERR" "^tether: the directory $pdir/empty is not writable \(permissions r-x------\), so new.db cannot be created there; nothing was changed; make it writable \(chmod 700 $pdir/empty\) and try again$"
fi

t_done
