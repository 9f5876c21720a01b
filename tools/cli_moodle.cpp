// import moodle-users, export moodle-users, export moodle-cohorts: Moodle's upload CSV files (issue 13, F30).
//
// Output of the import, as import oneroster's: with --dry-run, one line per change ("add person Grace Hopper
// <grace@hill.org>"). Then every problem as FILE:LINE: reason, one a line, and the command fails with one
// `grove: error:` line counting them (exit 1, nothing applied). Without problems, the last line says what was done
// ("add 120 people, update 3, add 410 memberships"), after "Dry run, nothing was changed: " with --dry-run.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli_spec.h"

namespace grove::cli {

namespace {

namespace fs = std::filesystem;

Result<std::string> read_users_file(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return bad_value(path + " is a folder; give the Moodle users CSV file.");
    std::uintmax_t size = fs::file_size(path, ec);
    if (ec) return bad_value("Cannot read " + path + ": " + ec.message() + ".");
    GROVE_TRY(check_upload_size(UploadKind::kUsers, size));
    std::ifstream in(path, std::ios::binary);
    std::string bytes(static_cast<size_t>(size), '\0');
    if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size)))
        return bad_value("Cannot read " + path + ".");
    return bytes;
}

Result<void> write_file(const std::string& path, const std::string& bytes) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file || !file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
        file.close();
        std::remove(path.c_str());
        return bad_value("Cannot write " + path + ".");
    }
    return {};
}

}  // namespace

Result<void> cmd_import_moodle_users(Context& ctx) {
    const std::string& path = ctx.args.positionals.at(0);
    const bool dry_run = ctx.args.has("dry-run");
    GROVE_LET(bytes, read_users_file(path));
    std::vector<ZipEntry> files = {{fs::path(path).filename().string(), std::move(*bytes)}};
    GROVE_LET(done, import_moodle_users(ctx.store, ctx.actor, path, files, dry_run));
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

Result<void> cmd_export_moodle_users(Context& ctx) {
    const std::string path = *ctx.args.get("o");
    GROVE_LET(csv, export_moodle_users(ctx.store, ctx.actor));
    GROVE_TRY(write_file(path, *csv));
    ctx.out << "Exported the people of " << get_org(ctx.store)->name << " as a Moodle users file to " << path << ".\n";
    return {};
}

Result<void> cmd_export_moodle_cohorts(Context& ctx) {
    const std::string path = *ctx.args.get("o");
    GROVE_LET(csv, export_moodle_cohorts(ctx.store, ctx.actor));
    GROVE_TRY(write_file(path, *csv));
    ctx.out << "Exported the groups of " << get_org(ctx.store)->name << " as Moodle cohorts to " << path << ".\n";
    return {};
}

}  // namespace grove::cli
