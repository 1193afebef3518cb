#!/usr/bin/env bash
# Refreshes the vendored NL Design System CSS in this folder from the npm registry.
# The site serves these files itself (no CDN, the CSP allows only 'self'), and they are committed, so
# `dotnet run` and CI need only the .NET SDK; this script needs node and npm, and only when the
# version below changes. See docs/decisions/ADR-0020-dashboards-and-look.md.
#
# Only the component CSS (EUPL-1.2) is taken. The design-token packages of Utrecht and of the
# Rijkshuisstijl community say in their LICENSE.md that they are proprietary house styles, not open
# source: the site's own theme (wwwroot/css/theme.css) gives the tokens their values instead.
set -euo pipefail

COMPONENTS=@utrecht/component-library-css@9.0.4

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "$COMPONENTS" >/dev/null
for archive in *.tgz; do
    mkdir -p "${archive%.tgz}"
    tar -xzf "$archive" -C "${archive%.tgz}"
done

copy() { # package folder, target folder, files...
    local from="$1" to="$here/$2"; shift 2
    mkdir -p "$to"
    for f in "$@"; do cp "$work/$from/package/$f" "$to/$(basename "$f")"; done
    cp "$work/$from/package/LICENSE.md" "$to/LICENSE.md"
    node -e 'const p=require(process.argv[1]);console.log(`${p.name} ${p.version}`)' "$work/$from/package/package.json" > "$to/VERSION"
}

# The styles of plain HTML elements inside .utrecht-html (headings, tables, forms, links, buttons).
copy utrecht-component-library-css-*/ utrecht-component-library-css dist/html.css

echo "Vendored: $(cat "$here"/*/VERSION | tr '\n' ' ')"
