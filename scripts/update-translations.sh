#!/usr/bin/env bash
# Refreshes the catalog template (assets/po/tk.pot) from the sources and merges it into
# each language's catalog; new messages then wait, untranslated, in assets/po/<lang>.po.
# Message ids are English; the keywords: _ and tr (translate), N_ (mark only), P_ (plural).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sources < <(git ls-files 'client/*.cpp' 'client/*.h' 'kiosk/*.cpp' 'shared/*.cpp' 'shared/*.h' \
  'server/*.cpp' 'server/*.h' | sort)
xgettext --from-code=UTF-8 --language=C++ --keyword=_ --keyword=N_ --keyword=P_:1,2 --sort-by-file \
  --package-name=tk -o assets/po/tk.pot "${sources[@]}"
for po in assets/po/*.po; do
  msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po" assets/po/tk.pot
done
msgattrib --untranslated --no-obsolete assets/po/es_MX.po | grep -c '^msgid ' | sed 's/^/untranslated in es_MX.po (the header counts as one): /'
