#!/usr/bin/env bash
# Runs the one-folder bundle (dist/LoanDesk, `make dist`) the way a new workstation would:
# no repository, no venv, a throwaway home, offscreen Qt. Checked: --version, init, demo
# --cases 5, the form list, a form rendered (its text read back with pdftotext, the bundled
# font embedded), a gate-closed form as a draft, and the desktop application staying open for
# 5 s. Prints how long each step took. Usage: scripts/bundle-smoke.sh [BUNDLE_DIR]
set -euo pipefail
BUNDLE=$(cd "${1:-dist/LoanDesk}" && pwd)
EXE="$BUNDLE/LoanDesk"
[ -x "$EXE" ] || { echo "bundle-smoke: no executable $EXE (run make dist)" >&2; exit 1; }
WORK=$(mktemp -d)
trap '"$EXE" server stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
cd "$WORK"  # nothing may be found through the current directory
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config" \
       XDG_STATE_HOME="$WORK/state" XDG_CACHE_HOME="$WORK/cache" \
       LOANDESK_DB="sqlite:///$WORK/loandesk.sqlite3" LOANDESK_LOG_DIR="$WORK/log" \
       LOANDESK_PASSWORD="bundle-smoke-pw" QT_QPA_PLATFORM=offscreen \
       XDG_RUNTIME_DIR="$WORK/run"
unset LOANDESK_FONT LOANDESK_USER LOANDESK_SERVER
mkdir -p "$HOME"
mkdir -m 700 "$XDG_RUNTIME_DIR"  # the command server's socket folder, the run's own

fail() { echo "bundle-smoke: FAILED: $*" >&2; exit 1; }
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
took() { local ms=$(($(now_ms) - $2)); printf 'bundle-smoke: %-28s %3d.%02d s\n' "$1" $((ms / 1000)) $((ms % 1000 / 10)); }
step() {  # step NAME COMMAND...: run it, keep its output in $WORK/out, print the time taken
    local name=$1 start; shift
    start=$(now_ms)
    "$@" >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/out" "$WORK/err" >&2; fail "$name"; }
    took "$name" "$start"
}

step "--version" "$EXE" --version
grep -qE '^loandesk [0-9]+\.[0-9]+' "$WORK/out" || fail "--version printed: $(cat "$WORK/out")"

step "init" "$EXE" init
step "demo --cases 5" "$EXE" demo --cases 5

step "user list" "$EXE" user list
manager=$(awk '$2 == "manager" { print $1; exit }' "$WORK/out")
[ -n "$manager" ] || fail "the demo has no manager"

step "form list" "$EXE" form list
forms=$(awk 'NF { print $1 }' "$WORK/out")
shipped=$(ls "$BUNDLE"/_internal/app/_data/forms/*.toml | wc -l)
[ "$(echo "$forms" | wc -l)" -eq "$shipped" ] || fail "form list shows $(echo "$forms" | wc -l) of $shipped forms"
echo "$forms" | grep -qx sales_contract || fail "form list lacks sales_contract"

step "case list" "$EXE" --user "$manager" case list
case_number=$(grep -oE '^LD[0-9]{4}-[0-9]{6}' "$WORK/out" | head -1)
[ -n "$case_number" ] || fail "no demo case listed"

# The command server: the first case list ran locally and started it in the background;
# the second is served, and prints what the local run printed.
cp "$WORK/out" "$WORK/case-list.local"
for _ in $(seq 100); do
    "$EXE" server status 2>/dev/null | grep -q '^command server pid' && break
    sleep 0.1
done
"$EXE" server status | grep -q '^command server pid' || fail "no command server after case list"
step "case list (served)" "$EXE" --user "$manager" case list
cmp -s "$WORK/out" "$WORK/case-list.local" || fail "the served case list differs from the local one"
"$EXE" server status | grep -q ', 1 commands served' || fail "the second case list was not served: $("$EXE" server status)"
"$EXE" server stop >/dev/null
export LOANDESK_SERVER=off  # the rest as before: no server started that the end must stop

step "form render sales_contract" "$EXE" --user "$manager" form render "$case_number" \
    sales_contract -o "$WORK/contract.pdf"
text=$(pdftotext "$WORK/contract.pdf" -)
for expected in "汽车销售合同" "Vehicle Sales Contract" "$case_number"; do
    grep -qF "$expected" <<<"$text" || fail "the contract's PDF lacks '$expected'"
done
pdffonts "$WORK/contract.pdf" | grep -q "WenQuanYiMicroHei" || fail "the bundled font is not embedded"

step "form render --draft" "$EXE" --user "$manager" form render "$case_number" \
    warehouse_release --draft -o "$WORK/release.pdf"
[ -n "$(pdftotext "$WORK/release.pdf" - | tr -d '[:space:]')" ] || fail "the draft PDF has no text"

# The desktop application: still running after 5 s (timeout's 124) means it opened and waits.
start=$(now_ms)
set +e
timeout 5 "$EXE" >"$WORK/gui.out" 2>"$WORK/gui.err"
rc=$?
set -e
[ "$rc" -eq 124 ] || { cat "$WORK/gui.out" "$WORK/gui.err" >&2; fail "the GUI ended with rc $rc before 5 s"; }
! grep -q "Traceback" "$WORK/gui.err" || { cat "$WORK/gui.err" >&2; fail "the GUI wrote a traceback"; }
took "GUI open" "$start"
# The same on a real X11 server (Xvfb): the xcb libraries of scripts/setup-system.sh.
if command -v xvfb-run >/dev/null; then
    start=$(now_ms)
    set +e
    env -u QT_QPA_PLATFORM xvfb-run -a -s "-screen 0 1366x768x24" \
        timeout 5 "$EXE" >"$WORK/x11.out" 2>"$WORK/x11.err"
    rc=$?
    set -e
    [ "$rc" -eq 124 ] || { cat "$WORK/x11.out" "$WORK/x11.err" >&2; fail "the GUI under X11 ended with rc $rc"; }
    took "GUI open under Xvfb (X11)" "$start"
else
    echo "bundle-smoke: xvfb-run not installed: the X11 check is skipped (scripts/setup-system.sh installs it)"
fi
echo "bundle-smoke: OK ($BUNDLE, $(du -sm "$BUNDLE" | cut -f1) MB)"
