# The fonts Grove draws with, taken from Debian's packages at build time (never committed):
# Inter for text (fonts-inter), Font Awesome 4.7 for the icon glyphs (fonts-font-awesome).
# cmake/imgui.cmake includes this file and copies each of grove_font_sources into the build.
set(GROVE_INTER_DIR "/usr/share/fonts/opentype/inter" CACHE PATH "Where fonts-inter put Inter-*.otf")
set(GROVE_FONT_AWESOME_TTF "/usr/share/fonts-font-awesome/fonts/fontawesome-webfont.ttf"
  CACHE FILEPATH "Font Awesome 4.7 (fonts-font-awesome)")
set(grove_font_sources
  "${GROVE_INTER_DIR}/Inter-Regular.otf"
  "${GROVE_INTER_DIR}/Inter-SemiBold.otf"
  "${GROVE_FONT_AWESOME_TTF}")

# Fonts for other scripts, fetched only when the data or the person's typing needs them (never part
# of the first download): Noto Sans from fonts-noto-core (Arabic, Hebrew, Armenian, Georgian,
# Devanagari, Thai) and Droid Sans Fallback from fonts-droid-fallback (Chinese, Japanese, Korean: the
# plain cut has Hangul, the Full cut rarer ideographs).
# shell/text/script_fonts.cpp names the same files.
set(GROVE_NOTO_DIR "/usr/share/fonts/truetype/noto" CACHE PATH "Where fonts-noto-core put NotoSans*.ttf")
set(GROVE_DROID_FALLBACK_TTF "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
  CACHE FILEPATH "Droid Sans Fallback (fonts-droid-fallback)")
set(GROVE_DROID_FALLBACK_KO_TTF "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf"
  CACHE FILEPATH "Droid Sans Fallback with Hangul (fonts-droid-fallback)")
set(grove_script_font_sources "${GROVE_DROID_FALLBACK_KO_TTF}" "${GROVE_DROID_FALLBACK_TTF}")
foreach(script Arabic Hebrew Armenian Georgian Devanagari Thai)
  foreach(weight Regular Bold)
    list(APPEND grove_script_font_sources "${GROVE_NOTO_DIR}/NotoSans${script}-${weight}.ttf")
  endforeach()
endforeach()
