# Dear ImGui for Grove: the core library (headless, with our UI test hooks), the GLFW + OpenGL 3
# backends (WebGL 2 in the browser), and the fonts copied from Debian's packages into the build.
#
#   grove_imgui_headless  imgui core + shell/ui_snapshot.cpp + the text engine (shell/text/: HarfBuzz,
#                         FriBiDi); no window, no GL. Tests and grove_shell link it.
#   grove_imgui           grove_imgui_headless + the glfw and opengl3 backends. Executables link it.
#   grove_fonts           copies the fonts to ${GROVE_FONTS_DIR} (not committed, rebuilt from Debian's files),
#                         the icon font cut down to the icons of shell/icons.h.
set(GROVE_SOURCE_ROOT "${CMAKE_CURRENT_LIST_DIR}/..")
cmake_path(NORMAL_PATH GROVE_SOURCE_ROOT)

add_library(grove_imgui_headless STATIC
  "${GROVE_IMGUI_DIR}/imgui.cpp"
  "${GROVE_IMGUI_DIR}/imgui_draw.cpp"
  "${GROVE_IMGUI_DIR}/imgui_tables.cpp"
  "${GROVE_IMGUI_DIR}/imgui_widgets.cpp"
  "${GROVE_IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp"  # InputText() on std::string
  # The test-engine hooks that imgui.cpp calls must live in the same archive as imgui.cpp, so that
  # any link order resolves them.
  "${GROVE_SOURCE_ROOT}/shell/ui_snapshot.cpp"
  # The screen-reader mirror's requests, which the recorder applies as widgets are submitted.
  "${GROVE_SOURCE_ROOT}/shell/a11y_actions.cpp"
  # The text engine that the AddText and CalcTextSizeA wraps in ui_snapshot.cpp call into.
  "${GROVE_SOURCE_ROOT}/shell/text/script_fonts.cpp"
  "${GROVE_SOURCE_ROOT}/shell/text/text_engine.cpp")
target_link_libraries(grove_imgui_headless PRIVATE grove_harfbuzz grove_fribidi grove_utf8proc grove_stb)
target_include_directories(grove_imgui_headless SYSTEM PUBLIC "${GROVE_IMGUI_DIR}" "${GROVE_IMGUI_DIR}/misc/cpp")
target_include_directories(grove_imgui_headless PUBLIC "${GROVE_SOURCE_ROOT}")
target_compile_definitions(grove_imgui_headless PUBLIC
  IMGUI_USER_CONFIG="${GROVE_SOURCE_ROOT}/shell/imconfig_grove.h")
set_source_files_properties(
  "${GROVE_IMGUI_DIR}/imgui.cpp" "${GROVE_IMGUI_DIR}/imgui_draw.cpp"
  "${GROVE_IMGUI_DIR}/imgui_tables.cpp" "${GROVE_IMGUI_DIR}/imgui_widgets.cpp"
  "${GROVE_IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp"
  PROPERTIES COMPILE_OPTIONS "-w")
target_link_libraries(grove_imgui_headless PRIVATE grove_flags)
# ImGui has no hook for plain text (Text() adds its item with id 0, which the test hooks
# skip), so ui_snapshot.cpp records every string drawn by wrapping ImDrawList::AddText(font, ...),
# the call through which imgui.cpp and imgui_widgets.cpp draw all text. GNU ld and wasm-ld both
# support --wrap. The name is the Itanium mangling used by g++, clang and em++ alike.
# Measuring goes through ImFont::CalcTextSizeA (from ImGui::CalcTextSize and RenderTextEllipsis), wrapped
# the same way, so that shaped text is measured as it is drawn.
set(GROVE_IMGUI_ADDTEXT_SYMBOL "_ZN10ImDrawList7AddTextEPK6ImFontfRK6ImVec2jPKcS7_fPK6ImVec4")
set(GROVE_IMGUI_CALCTEXT_SYMBOL "_ZNK6ImFont13CalcTextSizeAEfffPKcS1_PS1_")
target_link_options(grove_imgui_headless INTERFACE "-Wl,--wrap=${GROVE_IMGUI_ADDTEXT_SYMBOL}"
  "-Wl,--wrap=${GROVE_IMGUI_CALCTEXT_SYMBOL}")
set_source_files_properties("${GROVE_SOURCE_ROOT}/shell/ui_snapshot.cpp" PROPERTIES
  COMPILE_DEFINITIONS "GROVE_IMGUI_ADDTEXT_SYMBOL=${GROVE_IMGUI_ADDTEXT_SYMBOL};GROVE_IMGUI_CALCTEXT_SYMBOL=${GROVE_IMGUI_CALCTEXT_SYMBOL}")

add_library(grove_imgui STATIC
  "${GROVE_IMGUI_DIR}/backends/imgui_impl_glfw.cpp"
  "${GROVE_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
target_include_directories(grove_imgui SYSTEM PUBLIC "${GROVE_IMGUI_DIR}/backends")
target_compile_options(grove_imgui PRIVATE -w)
target_link_libraries(grove_imgui PUBLIC grove_imgui_headless)
if(GROVE_WASM)
  # Emscripten's built-in GLFW 3 and WebGL 2 (ES 3); without IMGUI_IMPL_OPENGL_ES3 the backend
  # would pick WebGL 1.
  target_compile_definitions(grove_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3)
  target_link_options(grove_imgui INTERFACE
    -sUSE_GLFW=3 -sUSE_WEBGL2=1 -sFULL_ES3=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2)
else()
  find_package(glfw3 3.3 REQUIRED)
  find_package(OpenGL REQUIRED)
  # The opengl3 backend loads its GL functions itself (imgui_impl_opengl3_loader.h, via dlopen).
  target_link_libraries(grove_imgui PUBLIC glfw OpenGL::GL ${CMAKE_DL_LIBS})
endif()

# Fonts: the list lives with the other data in assets/fonts.cmake; here they are copied from the
# Debian packages into the build at build time.
include("${GROVE_SOURCE_ROOT}/assets/fonts.cmake")
set(GROVE_FONTS_DIR "${CMAKE_BINARY_DIR}/fonts")
set(grove_font_outputs)
find_program(GROVE_PYFTSUBSET pyftsubset HINTS /usr/bin)  # Debian's, over any other Python's
if(NOT GROVE_PYFTSUBSET)
  message(FATAL_ERROR "pyftsubset is missing: run ./toolchain/setup first (fonttools).")
endif()
foreach(font IN LISTS grove_font_sources)
  if(NOT EXISTS "${font}")
    message(FATAL_ERROR "${font} is missing: run ./toolchain/setup first (fonts-inter, fonts-font-awesome).")
  endif()
  get_filename_component(name "${font}" NAME)
  list(APPEND grove_font_outputs "${GROVE_FONTS_DIR}/${name}")
  if(font STREQUAL GROVE_FONT_AWESOME_TTF)
    # The icon font keeps only the icons shell/icons.h lists (pyftsubset, from Debian's fonttools).
    add_custom_command(OUTPUT "${GROVE_FONTS_DIR}/${name}"
      COMMAND "${CMAKE_COMMAND}" "-DICONS_H=${GROVE_SOURCE_ROOT}/shell/icons.h" "-DSOURCE=${font}"
        "-DOUTPUT=${GROVE_FONTS_DIR}/${name}" "-DPYFTSUBSET=${GROVE_PYFTSUBSET}"
        -P "${GROVE_SOURCE_ROOT}/cmake/subset_icon_font.cmake"
      DEPENDS "${font}" "${GROVE_SOURCE_ROOT}/shell/icons.h" "${GROVE_SOURCE_ROOT}/cmake/subset_icon_font.cmake"
      COMMENT "Subsetting font ${name} to the icons of shell/icons.h")
    continue()
  endif()
  if(name MATCHES "^Inter-")
    # Inter keeps every character it has but its private-use area (its own alternates, which no one
    # types), and the OpenType features HarfBuzz applies by default (shell/text asks for no others),
    # so the stylistic sets, tabular figures and the like go with the glyphs only they reach; the
    # hinting goes too (ImGui's rasteriser, stb_truetype, ignores it). 16 kB less brotli for the two.
    add_custom_command(OUTPUT "${GROVE_FONTS_DIR}/${name}"
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${GROVE_FONTS_DIR}"
      COMMAND "${GROVE_PYFTSUBSET}" "${font}" "--output-file=${GROVE_FONTS_DIR}/${name}"
        "--unicodes=U+0000-DFFF,U+F000-10FFFF"
        "--layout-features=abvm,blwm,calt,ccmp,clig,curs,dist,dnom,frac,kern,liga,locl,mark,mkmk,numr,rclt,rlig,rvrn"
        --no-hinting --no-glyph-names --notdef-outline --drop-tables+=FFTM
      DEPENDS "${font}"
      COMMENT "Subsetting font ${name}"
      VERBATIM)
    continue()
  endif()
  add_custom_command(OUTPUT "${GROVE_FONTS_DIR}/${name}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${GROVE_FONTS_DIR}"
    COMMAND "${CMAKE_COMMAND}" -E copy "${font}" "${GROVE_FONTS_DIR}/${name}"
    DEPENDS "${font}"
    COMMENT "Copying font ${name}")
endforeach()
set(grove_script_font_outputs)
foreach(font IN LISTS grove_script_font_sources)
  if(NOT EXISTS "${font}")
    message(FATAL_ERROR "${font} is missing: run ./toolchain/setup first (fonts-noto-core, fonts-droid-fallback).")
  endif()
  get_filename_component(name "${font}" NAME)
  list(APPEND grove_script_font_outputs "${GROVE_FONTS_DIR}/scripts/${name}")
  add_custom_command(OUTPUT "${GROVE_FONTS_DIR}/scripts/${name}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${GROVE_FONTS_DIR}/scripts"
    COMMAND "${CMAKE_COMMAND}" -E copy "${font}" "${GROVE_FONTS_DIR}/scripts/${name}"
    DEPENDS "${font}"
    COMMENT "Copying font ${name}")
endforeach()
add_custom_target(grove_fonts DEPENDS ${grove_font_outputs} ${grove_script_font_outputs})
