// The JSON benchmark (issue 4): export and import of an organisation of 100,000 people and about
// 1,000,000 memberships, in MB/s, natively or as wasm under node. Prints figures; never fails on a timing.
// With --smoke it runs on a tiny organisation and checks that the round trip and a merge come out right,
// returning nonzero when they do not (ctest runs it so).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>
#include <algorithm>

#include "core/demo.h"
#include "core/exchange.h"
#include "core/lookup.h"
#include "core/org.h"
#include "core/people.h"
#include "core/store.h"

using namespace grove;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kGoalMbPerSecond = 70.0;

struct Options {
    int users = 100000;
    int groups = 10000;
    int memberships = 1000000;
    bool smoke = false;
    bool merge = true;
    std::string save;  // --save FILE: also writes the export there
    std::string load;  // --load FILE: only imports FILE into an empty database (for profiling)
    std::string db;    // --db FILE: imports into a database file (as the command line and the browser do)
};

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double mb(size_t bytes) { return static_cast<double>(bytes) / 1e6; }

std::unique_ptr<Store> open_store(std::uint64_t seed, const std::string& path = ":memory:") {
    StoreOptions options;
    options.seed = seed;
    if (path != ":memory:") std::remove(path.c_str());
    auto store = Store::open(path, options);
    if (!store) {
        std::fprintf(stderr, "cannot open a database: %s\n", store.error().message.c_str());
        std::exit(1);
    }
    return std::move(store).value();
}

// Collects a stream in chunks of a megabyte, so that a large export never needs one growing string.
class Chunks : public std::streambuf {
public:
    std::string join() const {
        size_t n = 0;
        for (const auto& c : chunks_) n += c.size();
        std::string all;
        all.reserve(n);
        for (const auto& c : chunks_) all += c;
        return all;
    }
    bool equals(const std::string& text) const {
        size_t at = 0;
        for (const auto& c : chunks_) {
            if (text.compare(at, c.size(), c) != 0) return false;
            at += c.size();
        }
        return at == text.size();
    }
    void clear() { chunks_.clear(); }

protected:
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        auto left = static_cast<size_t>(n);
        while (left > 0) {
            if (chunks_.empty() || chunks_.back().size() == kChunk) {
                chunks_.emplace_back();
                chunks_.back().reserve(kChunk);
            }
            size_t take = std::min(left, kChunk - chunks_.back().size());
            chunks_.back().append(s, take);
            s += take;
            left -= take;
        }
        return n;
    }
    int_type overflow(int_type c) override {
        if (c != traits_type::eof()) {
            char ch = static_cast<char>(c);
            xsputn(&ch, 1);
        }
        return c;
    }

private:
    static constexpr size_t kChunk = 1 << 20;
    std::vector<std::string> chunks_;
};

int fail(const std::string& what) {
    std::fprintf(stderr, "json bench: %s\n", what.c_str());
    return 1;
}

void line(const char* what, size_t bytes, double ms) {
    std::printf("  %-34s %9.1f MB %10.0f ms %8.1f MB/s%s\n", what, mb(bytes), ms, mb(bytes) / (ms / 1000.0),
                mb(bytes) / (ms / 1000.0) >= kGoalMbPerSecond ? "" : "  (under the goal)");
}

}  // namespace

int run(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() { return i + 1 < argc ? std::atoi(argv[++i]) : 0; };
        if (arg == "--smoke") {
            o.smoke = true;
        } else if (arg == "--users") {
            o.users = value();
        } else if (arg == "--groups") {
            o.groups = value();
        } else if (arg == "--memberships") {
            o.memberships = value();
        } else if (arg == "--no-merge") {
            o.merge = false;
        } else if (arg == "--save" && i + 1 < argc) {
            o.save = argv[++i];
        } else if (arg == "--load" && i + 1 < argc) {
            o.load = argv[++i];
        } else if (arg == "--db" && i + 1 < argc) {
            o.db = argv[++i];
        } else {
            std::printf("Usage: grove_json_bench [--smoke] [--users N] [--groups N] [--memberships N] [--no-merge]\n"
                        "                        [--db FILE] [--save FILE] [--load FILE]\n");
            return arg == "--help" ? 0 : 2;
        }
    }

    std::printf("JSON export and import (%s)\n", GROVE_BENCH_BUILD_TYPE);
    if (!o.load.empty()) {
        std::ifstream in(o.load, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto target = open_store(2, o.db.empty() ? ":memory:" : o.db);
        auto start = Clock::now();
        auto restored = import_json(*target, 0, o.load, bytes);
        if (!restored) return fail("import: " + restored.error().message);
        line("import into an empty database", bytes.size(), ms_since(start));
        return 0;
    }
    auto start = Clock::now();
    auto source = open_store(1);
    // The smoke run takes the demo district (about 800 people): small, and every kind of record.
    auto generated = generate_demo(*source, o.smoke ? demo_district() : large_organisation(o.users, o.groups, o.memberships));
    if (!generated) return fail("generating the organisation: " + generated.error().message);
    Id owner = *owner_id(*source);
    std::printf("  organisation: %d people, %d groups (generated in %.0f ms)\n", user_count(*source),
                group_count(*source), ms_since(start));

    // Export: the database streamed out in chunks, as a download is written (no one string that grows).
    Chunks chunks;
    std::ostream out(&chunks);
    start = Clock::now();
    auto exported = export_json(*source, owner, out);
    double export_ms = ms_since(start);
    if (!exported) return fail("export: " + exported.error().message);
    std::string file = chunks.join();
    chunks.clear();
    if (!o.save.empty()) std::ofstream(o.save, std::ios::binary) << file;
    std::string owner_email = find_user(*source, owner)->email;
    source.reset();  // a wasm heap holds two organisations of this size, not three

    // Import into an empty database: the restore.
    auto target = open_store(2, o.db.empty() ? ":memory:" : o.db);
    start = Clock::now();
    auto restored = import_json(*target, 0, "bench.json", file);
    double import_ms = ms_since(start);
    if (!restored) return fail("import: " + restored.error().message);
    Id target_owner = *owner_id(*target);

    // Correctness: the restored database exports the same bytes.
    start = Clock::now();
    auto again = export_json(*target, target_owner, out);
    double again_ms = ms_since(start);
    if (!again) return fail("export of the restored organisation: " + again.error().message);
    if (!chunks.equals(file)) return fail("export, import, export did not give the same bytes");
    chunks.clear();

    std::printf("  file: %.1f MB\n", mb(file.size()));
    line("export", file.size(), export_ms);
    line("import into an empty database", file.size(), import_ms);
    line("export of the restored database", file.size(), again_ms);

    if (o.merge) {
        // A planner changes one person and sends the file; another, who restored the same file, merges it:
        // the whole file read and both sides compared record by record.
        auto edited = edit_user(*target, target_owner, target_owner, {.last_name = std::string("Merged")});
        if (!edited) return fail("edit: " + edited.error().message);
        if (!export_json(*target, target_owner, out)) return fail("export of the edited copy");
        std::string changed = chunks.join();
        chunks.clear();
        target.reset();
        auto other = open_store(3);
        if (!import_json(*other, 0, "bench.json", file)) return fail("second restore");
        file = std::string();
        start = Clock::now();
        auto merged = import_json(*other, *owner_id(*other), "edited.json", changed);
        double merge_ms = ms_since(start);
        if (!merged) return fail("merge: " + merged.error().message);
        if (merged->changed != 1 || merged->added != 0 || merged->removed != 0 || !merged->conflicts.empty()) {
            return fail("the merge did not find exactly the one change");
        }
        auto owner_after = find_user_by_email(*other, owner_email);
        if (!owner_after || owner_after->last_name != "Merged") return fail("the merged change is missing");
        line("merge of a file with one change", changed.size(), merge_ms);
    }
    std::printf("  goal: %.0f MB/s or more both ways as wasm\n", kGoalMbPerSecond);
    return 0;
}

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        return fail(std::string("stopped by an exception: ") + e.what());
    }
}
