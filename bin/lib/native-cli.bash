# Sourced by bin/synth and bin/audit: the native build of the CLI's two hot verbs (compiler/: `synth`, what Pulumi runs
# on every preview and update, and `audit`, which reads engine output of any size), rebuilt only when a source changed.
# Published Native AOT (no runtime start-up, no JIT); that needs a C toolchain (clang, or gcc), and without one it is
# stacks/ (the whole CLI) published ReadyToRun on the installed .NET runtime, with a note: never a failed deployment.
# Sets $out and $built; `run_native VERB ARGS...` execs the built program.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out="$root/.build/compiler"
stamp="$out/.stamp" # what the last build made: native, or readytorun-<why>

native_toolchain() { command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; }

stale() {
  [ -f "$stamp" ] || return 0
  local built
  read -r built < "$stamp" || return 0
  case "$built" in
    native) [ -x "$out/supplychain-compiler" ] || return 0 ;;
    # A toolchain installed since the fallback build: build native now.
    readytorun-no-toolchain) [ -f "$out/supplychain.dll" ] && ! native_toolchain || return 0 ;;
    readytorun-*) [ -f "$out/supplychain.dll" ] || return 0 ;;
    *) return 0 ;;
  esac
  [ -n "$(find "$root/components" "$root/policies" "$root/stacks" "$root/compiler" "$root/evaluation" "$root/Directory.Build.props" "$root/Directory.Packages.props" \
      \( -path '*/obj' -o -path '*/bin' \) -prune -o -newer "$stamp" -type f \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' -o -name '*.props' \) -print -quit)" ]
}

publish_native() {
  dotnet publish "$root/compiler/Supplychain.Compiler.csproj" -c Release --use-current-runtime \
    -o "$out" --nologo -v quiet -clp:ErrorsOnly >&2
}

# Published ReadyToRun (precompiled) for this machine's runtime: the fallback, and what every other verb runs.
publish_readytorun() {
  dotnet publish "$root/stacks/Supplychain.Stacks.csproj" -c Release --use-current-runtime --self-contained false \
    -p:PublishReadyToRun=true -o "$out" --nologo -v quiet -clp:ErrorsOnly >&2
}

if stale; then
  mkdir -p "$out"
  (
    # One build at a time when several stacks preview at once.
    flock 9
    if stale; then
      rm -f "$stamp"
      # Marks the start: a source changed during the build is newer than the stamp, so the next run rebuilds.
      touch "$out/.building"
      if ! native_toolchain; then
        echo "supplychain: sources changed; building the compiler (ReadyToRun: no clang or gcc for Native AOT, see README)..." >&2
        publish_readytorun
        built=readytorun-no-toolchain
      else
        echo "supplychain: sources changed; building the compiler (Native AOT, 1-3 minutes)." >&2
        if publish_native; then
          built=native
        else
          echo "supplychain: the Native AOT build failed (above); building the compiler ReadyToRun instead..." >&2
          publish_readytorun
          built=readytorun-native-failed
        fi
      fi
      echo "$built" > "$out/.building.kind"
      touch -r "$out/.building" "$out/.building.kind"
      mv "$out/.building.kind" "$stamp"
      rm -f "$out/.building"
    fi
  ) 9>"$out.lock"
fi

read -r built < "$stamp"

run_native() {
  local verb=$1; shift
  if [ "$built" = native ]; then exec "$out/supplychain-compiler" "$verb" "$@"; fi
  exec dotnet "$out/supplychain.dll" "$verb" "$@"
}
