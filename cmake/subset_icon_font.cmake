# Writes the icon font Grove ships: Font Awesome cut down by fontTools' subsetter (Debian's fonttools,
# pyftsubset) to exactly the codepoints that shell/icons.h lists, so that the first visit downloads
# 9 KB of icons instead of 166 KB. The list is read from icons.h itself, so a new icon cannot be
# forgotten here (tests/shell/icon_font_test.cpp checks the result against icons.h).
#   cmake -DICONS_H=shell/icons.h -DSOURCE=fontawesome-webfont.ttf -DOUTPUT=out.ttf
#         -DPYFTSUBSET=/usr/bin/pyftsubset -P cmake/subset_icon_font.cmake
foreach(var ICONS_H SOURCE OUTPUT PYFTSUBSET)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "subset_icon_font.cmake: -D${var}=... is missing")
  endif()
endforeach()

# Each icon is a line `X(kName, "\xef\x81\xac")` of the GROVE_ICONS list: one character as UTF-8 escapes.
file(READ "${ICONS_H}" header)
# (Matched in the whole text: each line ends in a backslash, which would escape a CMake list's separator.)
string(REGEX MATCHALL "X\\(k[A-Za-z0-9_]+, *\"[^\"]*\"\\)" entries "${header}")
set(codepoints)
foreach(entry IN LISTS entries)
  string(REGEX MATCH "X\\((k[A-Za-z0-9_]+), *\"([^\"]*)\"" _ "${entry}")
  set(name "${CMAKE_MATCH_1}")
  set(literal "${CMAKE_MATCH_2}")
  if(NOT literal MATCHES "^\\\\x([eE][0-9a-fA-F])\\\\x([89abAB][0-9a-fA-F])\\\\x([89abAB][0-9a-fA-F])$")
    message(FATAL_ERROR "${ICONS_H}: ${name} is not one three-byte UTF-8 character written as \\x escapes: \"${literal}\"")
  endif()
  math(EXPR cp "((0x${CMAKE_MATCH_1} & 0x0F) << 12) | ((0x${CMAKE_MATCH_2} & 0x3F) << 6) | (0x${CMAKE_MATCH_3} & 0x3F)"
       OUTPUT_FORMAT HEXADECIMAL)
  string(REGEX REPLACE "^0x" "U+" cp "${cp}")
  list(APPEND codepoints "${cp}")
endforeach()
list(LENGTH codepoints count)
if(count EQUAL 0)
  message(FATAL_ERROR "${ICONS_H}: no icon found in GROVE_ICONS")
endif()
list(REMOVE_DUPLICATES codepoints)
list(JOIN codepoints "," unicodes)

get_filename_component(dir "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${dir}")
# Glyph names and the layout tables are not used by ImGui's rasteriser; the hinting is kept.
execute_process(
  COMMAND "${PYFTSUBSET}" "${SOURCE}" "--unicodes=${unicodes}" "--output-file=${OUTPUT}.tmp"
          --no-glyph-names --notdef-outline --layout-features= --drop-tables+=FFTM
  RESULT_VARIABLE result
  ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "pyftsubset failed on ${SOURCE} (${result}): ${errors}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
message(STATUS "Icon font: ${count} icons of ${ICONS_H} kept from ${SOURCE}")
