# Writes the site's sw.js from web/sw.js.in with BUILD set to a hash of the site's files, so each
# build's service worker differs byte for byte (the browser installs it, and it replaces the old
# build's cache). -DTEMPLATE=... -DOUTPUT=... -DFILES="a;b;..."
set(digest "")
foreach(file IN LISTS FILES)
  file(SHA256 "${file}" one)
  string(APPEND digest "${one}")
endforeach()
string(SHA256 build "${digest}")
string(SUBSTRING "${build}" 0 16 build)
file(READ "${TEMPLATE}" text)
string(REPLACE "@DIGITLAB_BUILD@" "${build}" text "${text}")
file(WRITE "${OUTPUT}.tmp" "${text}")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
