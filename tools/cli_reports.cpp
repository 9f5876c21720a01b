// report groups|memberships, export group-users: CSV to a file (-o) or to standard output.
#include <cstdio>
#include <fstream>
#include <ostream>

#include "cli_spec.h"

namespace grove::cli {

namespace {

// Where the CSV goes: the -o file, created only when the first piece arrives (so a refused report leaves
// no file behind) and removed again if the report fails midway; or standard output.
class Output {
public:
    explicit Output(Context& ctx) : ctx_(ctx), path_(ctx.args.get("o")) {}

    void write(std::string_view chunk) {
        if (!path_) {
            ctx_.out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
            return;
        }
        if (failed_) return;
        if (!file_.is_open()) {
            file_.open(*path_, std::ios::binary | std::ios::trunc);
            opened_ = file_.is_open();
            if (!opened_) {
                failed_ = true;
                return;
            }
        }
        if (!file_.write(chunk.data(), static_cast<std::streamsize>(chunk.size()))) failed_ = true;
    }

    // Finishes the file after the core's outcome; prints where the report went.
    Result<void> finish(const Result<void>& written, const std::string& what) {
        if (!path_) return written;
        if (file_.is_open()) {
            file_.close();
            if (file_.fail()) failed_ = true;
        }
        if (!written || failed_) {
            if (opened_) std::remove(path_->c_str());
            if (!written) return written;
            return Error{ErrorCode::kStorage, "Could not write " + *path_ + "."};
        }
        ctx_.out << "Wrote " << what << " to " << *path_ << ".\n";
        return {};
    }

    CsvSink sink() {
        return [this](std::string_view chunk) { write(chunk); };
    }

private:
    Context& ctx_;
    std::optional<std::string> path_;
    std::ofstream file_;
    bool opened_ = false;  // the file was created by us
    bool failed_ = false;
};

}  // namespace

Result<void> cmd_report(Context& ctx) {
    const std::string& which = ctx.args.positionals.at(0);
    if (which != "groups" && which != "memberships") {
        throw UsageError{"report takes groups or memberships, not " + quoted(which), "report"};
    }
    Output output(ctx);
    if (which == "groups")
        return output.finish(write_group_report(ctx.store, ctx.actor, output.sink()), "the group report");
    return output.finish(write_membership_report(ctx.store, ctx.actor, output.sink()), "the membership report");
}

Result<void> cmd_export_group_users(Context& ctx) {
    GROVE_LET(group, group_arg(ctx.store, ctx.args.positionals.at(0)));
    GROVE_LET(csv, group_users_csv(ctx.store, ctx.actor, group->id));
    Output output(ctx);
    output.write(*csv);
    return output.finish({}, "the users of " + group->name);
}

}  // namespace grove::cli
