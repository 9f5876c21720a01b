// import oneroster, export oneroster: rosters in the formats schools already have (issue 13, F30).
//
// Output of an import: with --dry-run, one line per change ("add person Grace Hopper <grace@hill.org>"). Then every
// problem as FILE:LINE: reason, one a line, and the command fails with one `grove: error:` line counting them
// (exit 1, nothing applied). Without problems, the last line says what was done ("add 120 people, update 3, add 14
// groups, add 410 memberships"), after "Dry run, nothing was changed: " with --dry-run.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli_spec.h"

namespace grove::cli {

namespace fs = std::filesystem;

Result<std::vector<ZipEntry>> read_roster(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return read_folder(path);
    std::uintmax_t size = fs::file_size(path, ec);
    if (ec) return bad_value("Cannot read " + path + ": " + ec.message() + ".");
    // A zip is smaller than what it inflates to; one larger than that limit is no roster.
    if (size > kZipTotalLimit) return bad_value(path + ": the file is larger than a roster may be.");
    std::ifstream in(path, std::ios::binary);
    std::string bytes(static_cast<size_t>(size), '\0');
    if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size)))
        return bad_value("Cannot read " + path + ".");
    return read_zip(bytes, path);
}

Result<void> cmd_import_oneroster(Context& ctx) {
    const std::string& path = ctx.args.positionals.at(0);
    const bool dry_run = ctx.args.has("dry-run");
    GROVE_LET(files, read_roster(path));
    GROVE_LET(done, import_oneroster(ctx.store, ctx.actor, path, *files, dry_run));
    if (dry_run)
        for (const auto& line : done->changes) ctx.out << line << "\n";
    for (const auto& line : done->errors) ctx.out << line << "\n";
    if (!done->ok()) {
        return bad_value(path + " has " + counted(static_cast<int>(done->errors.size()), "error", "errors") +
                         "; nothing was applied.");
    }
    ctx.out << (dry_run ? "Dry run, nothing was changed: " : "") << done->counts.summary() << "\n";
    return {};
}

Result<void> cmd_export_oneroster(Context& ctx) {
    const std::string path = *ctx.args.get("o");
    GROVE_LET(zip, export_oneroster(ctx.store, ctx.actor));
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file || !file.write(zip->data(), static_cast<std::streamsize>(zip->size()))) {
        file.close();
        std::remove(path.c_str());
        return bad_value("Cannot write " + path + ".");
    }
    file.close();
    ctx.out << "Exported " << get_org(ctx.store)->name << " as OneRoster 1.1 to " << path << ".\n";
    return {};
}

}  // namespace grove::cli
