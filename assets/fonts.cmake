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
