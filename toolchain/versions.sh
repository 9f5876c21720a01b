# Pinned versions and checksums of everything Grove takes from a registry (sourced by setup).
# shellcheck disable=SC2034
GROVE_DEBIAN_PACKAGES=(
    cmake ninja-build g++ pkg-config xz-utils dpkg-dev ca-certificates clang-format
    clang-14 libclang-rt-14-dev
    emscripten nodejs
    libglfw3-dev libgl-dev libgl1-mesa-dri
    nlohmann-json3-dev doctest-dev
    fonts-inter fonts-font-awesome fonts-noto-core fonts-droid-fallback
    fonttools
    chromium xvfb xauth
)

# Dear ImGui 1.90.1 from Debian trixie's source package (the core and the glfw/opengl3 backends): bookworm's 1.86
# lets Tab reach only text fields; 1.90's keyboard navigation reaches every widget (issue 14).
GROVE_IMGUI_VERSION=1.90.1
GROVE_IMGUI_DEBIAN_VERSION=1.90.1+ds-1
GROVE_IMGUI_TARBALL=imgui_1.90.1+ds.orig.tar.xz
GROVE_IMGUI_SHA256=ecce377df0f90b292f15dcbd83d438bddc162b2388c881132bde18c787572a1c

# stb (stb_image 2.30, stb_image_resize 0.97 from deprecated/, stb_truetype) from Debian trixie's source package:
# bookworm's stb_image 2.27 asserts on a corrupt JPEG Huffman code (a picked picture ended the program; found by
# tests/fuzz/fuzz_image.cpp). stb_image_resize2 is not used: UBSan stops on its misaligned stores.
GROVE_STB_VERSION=0.0~git20241109.5c20573
GROVE_STB_DEBIAN_VERSION=0.0~git20241109.5c20573+ds-1
GROVE_STB_TARBALL=libstb_0.0~git20241109.5c20573+ds.orig.tar.xz
GROVE_STB_SHA256=a3a5820445a7dd063516bb542a5cd54ced8efc9c5a30bfbaae1bab6dec2c1a74

# utf8proc: Unicode normalisation (NFC/NFKD) and full case folding, for emails and look-alike names.
GROVE_UTF8PROC_VERSION=2.8.0
GROVE_UTF8PROC_DEBIAN_VERSION=2.8.0-1
GROVE_UTF8PROC_TARBALL=utf8proc_2.8.0.orig.tar.gz
GROVE_UTF8PROC_SHA256=a0a60a79fe6f6d54e7d411facbfcc867a6e198608f2cd992490e46f04b1bcecc

# HarfBuzz (text shaping) and FriBiDi (bidirectional order), built from source natively and for wasm.
GROVE_HARFBUZZ_VERSION=6.0.0
GROVE_HARFBUZZ_DEBIAN_VERSION=6.0.0+dfsg-3
GROVE_HARFBUZZ_TARBALL=harfbuzz_6.0.0+dfsg.orig.tar.xz
GROVE_HARFBUZZ_SHA256=89266cb363e49b6aa999eda04ca25b0d234a69ad9304679631371f4697652368
GROVE_FRIBIDI_VERSION=1.0.8
GROVE_FRIBIDI_DEBIAN_VERSION=1.0.8-2.1
GROVE_FRIBIDI_TARBALL=fribidi_1.0.8.orig.tar.bz2
GROVE_FRIBIDI_SHA256=94c7b68d86ad2a9613b4dcffe7bbeb03523d63b5b37918bdf2e4ef34195c1e6c

# Argon2: the reference implementation (Argon2id hashes of the organisation's passphrase lock, F41), built from its
# C sources natively and for wasm. A trixie source package: bookworm's orig tarball (0~20171227) is not served.
GROVE_ARGON2_VERSION=20190702
GROVE_ARGON2_DEBIAN_VERSION=0~20190702+dfsg-4
GROVE_ARGON2_TARBALL=argon2_0~20190702+dfsg.orig.tar.xz
GROVE_ARGON2_SHA256=815f1017b5b0033204778c2e32443257274bc5d9dd16d355c4f7db8189e23dcc

# zlib and its contrib/minizip (zip reading and writing: OneRoster, Canvas and other rosters, issue 13), built from
# C sources natively and for wasm (never Emscripten's zlib port, which downloads). The dfsg tarball keeps minizip.
GROVE_ZLIB_VERSION=1.2.13
GROVE_ZLIB_DEBIAN_VERSION=1:1.2.13.dfsg-1
GROVE_ZLIB_TARBALL=zlib_1.2.13.dfsg.orig.tar.bz2
GROVE_ZLIB_SHA256=71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1

GROVE_BETTER_SQLITE3_VERSION=12.11.1
GROVE_BETTER_SQLITE3_SHA256=ebf0ed75a7a59dbcb3b24bbd014ef49d9f15bc328e4adcbf516f2a8fadfa2835
GROVE_SQLITE_VERSION=3.53.2
