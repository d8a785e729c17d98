#!/usr/bin/env bash
# Every string the windows, the kiosk, tkctl and tk-server's command line show (gettext's
# _(), N_() and P_(); the core's and the server's errors too; the same sources as
# scripts/update-translations.sh) has its Spanish
# translation in assets/po/es_MX.po: the product speaks es-MX first, and English is only
# the fallback. Lists what is missing.
set -euo pipefail
cd "$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  find client kiosk shared server \( -name '*.cpp' -o -name '*.h' \)
} | sort >"$work/sources"
xgettext --from-code=UTF-8 --language=C++ --keyword=_ --keyword=N_ --keyword=P_:1,2 -o "$work/tk.pot" \
  --files-from="$work/sources"
msgmerge --quiet --no-fuzzy-matching assets/po/es_MX.po "$work/tk.pot" -o "$work/merged.po"
statistics=$(msgfmt --statistics -o /dev/null "$work/merged.po" 2>&1)
echo "es_MX: $statistics"
if [[ "$statistics" == *untranslated* || "$statistics" == *fuzzy* ]]; then
  echo "FAIL: strings without a Spanish translation:"
  msgattrib --untranslated --no-obsolete "$work/merged.po" | grep -A3 '^msgid' | grep -v '^--'
  exit 1
fi
