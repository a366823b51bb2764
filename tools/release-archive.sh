#!/usr/bin/env bash
# The release archive a staff member downloads: the one binary (yiyong, or yiyong.exe for a
# Windows target) and the README, in dist/yiyong-VERSION-TARGET/ and packed beside it as
# .tar.gz (.zip for Windows). The theme is inside the binary (`yiyong init` writes it).
#
#   tools/release-archive.sh                               # this machine's target
#   TARGET=x86_64-pc-windows-gnu tools/release-archive.sh  # a cross build, where installed
set -euo pipefail
cd "$(dirname "$0")/.."

host=$(rustc -vV | sed -n 's/^host: //p')
target=${TARGET:-$host}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
target_dir=${CARGO_TARGET_DIR:-target}

if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  echo "the Rust target $target is not installed: rustup target add $target" >&2
  echo "(installed: $(rustup target list --installed 2>/dev/null | tr '\n' ' '))" >&2
  exit 1
fi

exe=yiyong
case "$target" in *windows*) exe=yiyong.exe ;; esac

if [ "$target" = "$host" ]; then
  cargo build --release --locked
  built="$target_dir/release/$exe"
else
  cargo build --release --locked --target "$target"
  built="$target_dir/$target/release/$exe"
fi

name="yiyong-$version-$target"
rm -rf "dist/$name"
mkdir -p "dist/$name"
cp "$built" "dist/$name/$exe"
cp README.md "dist/$name/README.md"
case "$target" in
  *windows*) (cd dist && rm -f "$name.zip" && zip -qr "$name.zip" "$name") ; echo "dist/$name.zip" ;;
  *) tar -C dist -czf "dist/$name.tar.gz" "$name" ; echo "dist/$name.tar.gz" ;;
esac
