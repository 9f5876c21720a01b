// Membership report benchmark (issue 11): the report of a district database written as the command line writes it
// (write_membership_report) and as the app writes it (MembershipReportWriter stepped 2,000 rows at a time, the text
// handed over in pieces of 4 MiB), with the time of each phase (the tree, the people, their ranking, the
// memberships, their order, the writing). The database is served from memory by the browser's block VFS
// (core/storage/block_vfs.h), as the page serves it. Built natively and as wasm for node, so the two can be compared
// on the same file with no browser frames in between. Prints figures; never fails on a timing.
//
//   grove_report_bench DB.db [--repeat N] [--out FILE]
//   node build/wasm/tests/bench/grove_report_bench.js DB.db     (the wasm build reads host files: NODERAWFS)
//
// --out writes the app's way's text to FILE (to `cmp` with `grove report memberships`' file).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/files/reports.h"
#include "core/org/org.h"
#include "core/storage/block_vfs.h"
#include "core/storage/store.h"

#ifndef GROVE_BENCH_BUILD_TYPE
#define GROVE_BENCH_BUILD_TYPE "unknown build"
#endif

using namespace grove;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "report bench: %s\n", what.c_str());
    std::exit(1);
}

std::vector<std::uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) die("cannot read " + path);
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(in.tellg()));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!in) die("cannot read " + path);
    return bytes;
}

// The file's bytes into the VFS as the page loads its stored blocks: one piece, then the database opened on it.
std::unique_ptr<Store> open_in(BlockVfs& vfs, const std::vector<std::uint8_t>& bytes) {
    BlockFile& file = vfs.file();
    file.prepare_load(bytes.size());
    const std::size_t blocks = (bytes.size() + BlockFile::kBlockSize - 1) / BlockFile::kBlockSize;
    std::uint8_t* run = file.load_run(0, blocks);
    if (!run) die("the VFS did not take the file in one piece");
    std::memcpy(run, bytes.data(), bytes.size());
    file.finish_load(bytes.size());
    StoreOptions options;
    options.vfs = vfs.name();
    auto store = Store::open("bench.db", options);
    if (!store) die(store.error().message);
    return std::move(store).value();
}

struct Run {
    double reading_ms = 0;  // until the writer starts writing
    double writing_ms = 0;
    std::size_t bytes = 0;
    std::size_t steps = 0;
    double longest_read_ms = 0;  // the longest step of each part
    double longest_write_ms = 0;
};

// As the app does it (shell/screens/exchange_screen.cpp): steps of 2,000 rows, the text handed over and cleared
// once it reaches 4 MiB.
Run app_way(Store& store, Id actor, std::string* keep) {
    constexpr std::size_t kPiece = 4 * 1024 * 1024;
    Run run;
    auto begun = MembershipReportWriter::begin(store, actor);
    if (!begun) die(begun.error().message);
    auto& writer = *begun;
    std::string text;
    auto start = Clock::now();
    bool reading = true;
    for (;;) {
        const auto step_start = Clock::now();
        const bool was_reading = writer->reading();
        auto step = writer->step(2000, text);
        if (!step) die(step.error().message);
        double& longest = was_reading ? run.longest_read_ms : run.longest_write_ms;
        longest = std::max(longest, ms_since(step_start));
        ++run.steps;
        if (reading && !writer->reading()) {
            run.reading_ms = ms_since(start);
            start = Clock::now();
            reading = false;
        }
        if (*step || text.size() >= kPiece) {
            run.bytes += text.size();
            if (keep) keep->append(text);
            text.clear();
        }
        if (*step) break;
    }
    run.writing_ms = ms_since(start);
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) die("usage: grove_report_bench DB.db [--repeat N] [--out FILE]");
    const std::string path = argv[1];
    int repeat = 3;
    std::string out_path;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--repeat") == 0) repeat = std::max(1, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--out") == 0) out_path = argv[i + 1];
    }
    std::printf("Membership report bench (%s, %s)\n", GROVE_BENCH_BUILD_TYPE,
#ifdef __EMSCRIPTEN__
                "wasm under node"
#else
                "native"
#endif
    );
    auto start = Clock::now();
    const std::vector<std::uint8_t> bytes = read_file(path);
    BlockVfs vfs("grove-report-bench");
    auto store = open_in(vfs, bytes);
    const auto owner = owner_id(*store);
    if (!owner) die("the database has no owner");
    std::printf("  opened %s (%.1f MB) in %.0f ms\n", path.c_str(), static_cast<double>(bytes.size()) / 1e6,
                ms_since(start));

    for (int r = 0; r < repeat; ++r) {
        std::string kept;
        const bool keep = r == 0 && !out_path.empty();
        const Run app = app_way(*store, *owner, keep ? &kept : nullptr);
        if (keep) {
            std::ofstream out(out_path, std::ios::binary);
            out.write(kept.data(), static_cast<std::streamsize>(kept.size()));
        }
        start = Clock::now();
        const std::clock_t cpu = std::clock();
        std::size_t cli_bytes = 0;
        auto done = write_membership_report(*store, *owner, [&](std::string_view chunk) { cli_bytes += chunk.size(); });
        if (!done) die(done.error().message);
        const double cli_ms = ms_since(start);
        const double cli_cpu = 1000.0 * static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;

        std::printf(
            "  run %d: app's way %.0f ms (reading %.0f ms, longest step %.0f ms; writing %.0f ms, longest step %.0f "
            "ms; %zu steps, %zu bytes); command line's way %.0f ms (cpu %.0f ms), %zu bytes\n",
            r + 1, app.reading_ms + app.writing_ms, app.reading_ms, app.longest_read_ms, app.writing_ms,
            app.longest_write_ms, app.steps, app.bytes, cli_ms, cli_cpu, cli_bytes);
    }
    return 0;
}
