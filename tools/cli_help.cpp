// `grove help`: the overview, one command's description, a family of commands, the permission matrix.
#include <algorithm>

#include "cli_spec.h"

namespace grove::cli {

namespace {

std::string option_text(const OptionSpec& spec) {
    std::string text = std::string(spec.name[1] ? "--" : "-") + spec.name;
    if (spec.value) text += std::string(" ") + spec.value;
    return text;
}

bool has_prefix(const CommandSpec& cmd, const std::vector<std::string>& prefix) {
    return prefix.size() <= cmd.words.size() && std::equal(prefix.begin(), prefix.end(), cmd.words.begin());
}

void print_command(const CommandSpec& cmd, std::ostream& out) {
    out << "Usage: grove --db FILE " << (cmd.needs_as ? "--as EMAIL " : "") << synopsis(cmd) << "\n\n";
    out << cmd.details << "\n";
    if (!cmd.options.empty()) {
        size_t width = 0;
        for (const auto& opt : cmd.options) width = std::max(width, option_text(opt).size());
        out << "\nOptions:\n";
        for (const auto& opt : cmd.options) {
            std::string text = option_text(opt);
            out << "  " << text << std::string(width - text.size() + 3, ' ') << opt.help
                << (opt.repeat ? " (may be repeated)" : "") << "\n";
        }
    }
    out << (cmd.examples.size() == 1 ? "\nExample:\n" : "\nExamples:\n");
    for (const char* example : cmd.examples) out << "  " << example << "\n";
}

void print_overview(std::ostream& out) {
    out << "grove: Grove's command line. One organisation's people, departments, roles and groups live in one\n"
           "database file; every change is checked against the acting person's roles and written to the audit "
           "log.\n\n"
           "Usage: grove --db FILE [--as EMAIL] [--passphrase-file FILE] COMMAND [ARGUMENTS] [OPTIONS]\n\n"
           "Commands:\n";
    size_t width = std::string("help permissions").size();
    for (const auto& cmd : commands()) width = std::max(width, cmd.name().size());
    auto line = [&](const std::string& name, const char* summary) {
        out << "  " << name << std::string(width - name.size() + 3, ' ') << summary << "\n";
    };
    for (const auto& cmd : commands()) line(cmd.name(), cmd.summary);
    line("help", "List the commands, or describe one: grove help group create");
    line("help permissions", "Print the permission matrix (Markdown)");
    line("version", "Print Grove's version");
    out << "\nGlobal options (before or after the command words):\n"
           "  --db FILE     the database file; required by every command except help\n"
           "  --as EMAIL    act as this person (default: the organisation's owner)\n"
           "  --passphrase-file FILE\n"
           "                the organisation's passphrase, on the file's first line: needed to act as a person\n"
           "                with an org role while a lock is set (grove help org lock set)\n"
           "  --help        describe the command given with it\n\n"
           "Environment:\n"
           "  GROVE_NOW=2026-12-01T09:00:00Z   fixes \"now\" for the command instead of the clock (tests,\n"
           "                                   scripted runs)\n"
           "  GROVE_PASSPHRASE=...             the organisation's passphrase, as --passphrase-file gives it\n"
           "  GROVE_SEED=42                    fixes the IDs of new records, so a run on the same file is\n"
           "                                   repeatable (tests)\n\n"
           "Exit status: 0 done; 1 refused or bad input (one line \"grove: error: ...\" on stderr, nothing\n"
           "changed); 2 wrong usage.\n";
}

}  // namespace

std::string synopsis(const CommandSpec& cmd) {
    std::string text = cmd.name();
    for (const auto& p : cmd.positionals) {
        switch (p.arity) {
            case Arity::kOne: text += std::string(" ") + p.name; break;
            case Arity::kOptional: text += std::string(" [") + p.name + "]"; break;
            case Arity::kMany: text += std::string(" ") + p.name + "..."; break;
        }
    }
    std::vector<bool> shown(cmd.options.size(), false);
    auto index_of = [&](const char* name) { return static_cast<size_t>(cmd.option(name) - cmd.options.data()); };
    for (size_t i = 0; i < cmd.options.size(); ++i) {
        if (shown[i]) continue;
        const OptionSpec& opt = cmd.options[i];
        const ChoiceSpec* alternatives = nullptr;
        for (const auto& choice : cmd.choices) {
            if (choice.max != 1) continue;
            for (const char* name : choice.names)
                if (std::string_view(name) == opt.name) alternatives = &choice;
        }
        if (alternatives) {
            std::string inner;
            for (const char* name : alternatives->names) {
                inner += (inner.empty() ? "" : " | ") + option_text(*cmd.option(name));
                shown[index_of(name)] = true;
            }
            text += alternatives->min >= 1 ? " (" + inner + ")" : " [" + inner + "]";
            continue;
        }
        shown[i] = true;
        std::string one = option_text(opt);
        if (opt.repeat)
            text += opt.required ? " " + one + "..." : " [" + one + "]...";
        else
            text += opt.required ? " " + one : " [" + one + "]";
    }
    return text;
}

void print_help(const std::vector<std::string>& topic, std::ostream& out) {
    if (topic.empty()) {
        print_overview(out);
        return;
    }
    if (topic.size() == 1 && topic[0] == "permissions") {
        out << permission_matrix_markdown();
        return;
    }
    if (topic.size() == 1 && (topic[0] == "help" || topic[0] == "version")) {
        print_overview(out);
        return;
    }
    bool first = true;
    for (const auto& cmd : commands()) {
        if (!has_prefix(cmd, topic)) continue;
        if (!first) out << "\n";
        print_command(cmd, out);
        first = false;
    }
    if (first) {
        std::string words;
        for (const auto& w : topic) words += (words.empty() ? "" : " ") + w;
        throw UsageError{"no command is called '" + words + "'", ""};
    }
}

}  // namespace grove::cli
