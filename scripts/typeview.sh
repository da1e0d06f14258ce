#!/usr/bin/env bash
# mypy does not run setuptools' import hook, so give it a tree shaped like the wheel:
# build/typeview/cockpit/ with widgets/ and config/ linked in as subpackages.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
view="$root/build/typeview/cockpit"
rm -rf "$root/build/typeview"
mkdir -p "$view"
for entry in "$root"/cockpit/*; do
  ln -s "$entry" "$view/$(basename "$entry")"
done
ln -s "$root/widgets" "$view/widgets"
ln -s "$root/config" "$view/config"
