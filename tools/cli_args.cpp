// Parsing a command line against the command table: global options, command words, options, positionals.
#include <algorithm>
#include <limits>

#include "cli_spec.h"

namespace grove::cli {

namespace {

std::string join_words(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

std::string option_text(const OptionSpec& spec) {
    std::string text = std::string(spec.name[1] ? "--" : "-") + spec.name;
    if (spec.value) text += std::string(" ") + spec.value;
    return text;
}

bool starts_with(const std::vector<std::string>& words, const std::vector<std::string>& prefix) {
    return prefix.size() <= words.size() && std::equal(prefix.begin(), prefix.end(), words.begin());
}

// The words that may follow `prefix` ("group" -> create, edit, ..., rule, pin, ...), each once, in table order.
std::string next_words(const std::vector<std::string>& prefix) {
    std::vector<std::string> seen;
    std::string out;
    for (const auto& cmd : commands()) {
        if (cmd.words.size() <= prefix.size() || !starts_with(cmd.words, prefix)) continue;
        const std::string& word = cmd.words[prefix.size()];
        if (std::find(seen.begin(), seen.end(), word) != seen.end()) continue;
        seen.push_back(word);
        out += (out.empty() ? "" : ", ") + word;
    }
    return out;
}

// The command named exactly by `words`, nullptr while more words are needed; throws for no such command.
const CommandSpec* resolve(const std::vector<std::string>& words) {
    int prefixed = 0;
    for (const auto& cmd : commands()) {
        if (cmd.words == words) return &cmd;
        if (starts_with(cmd.words, words)) ++prefixed;
    }
    if (prefixed > 0) return nullptr;
    if (words.size() == 1) throw UsageError{"unknown command '" + words[0] + "'", ""};
    std::vector<std::string> noun(words.begin(), words.end() - 1);
    throw UsageError{"unknown command '" + join_words(words) + "'; " + join_words(noun) + " takes " + next_words(noun),
                     join_words(noun)};
}

void check_positionals(const CommandSpec& cmd, const Args& args) {
    size_t min = 0, max = 0;
    bool many = false;
    for (const auto& p : cmd.positionals) {
        if (p.arity == Arity::kOne) ++min, ++max;
        if (p.arity == Arity::kOptional) ++max;
        if (p.arity == Arity::kMany) ++min, many = true;
    }
    if (many) max = std::numeric_limits<size_t>::max();
    size_t given = args.positionals.size();
    if (given < min) {
        size_t seen = 0;
        for (const auto& p : cmd.positionals) {
            if (p.arity == Arity::kOptional) continue;
            if (seen++ == given) throw UsageError{cmd.name() + " needs " + p.name, cmd.name()};
        }
    }
    if (given > max) {
        throw UsageError{"unexpected argument '" + args.positionals[max] + "' for " + cmd.name(), cmd.name()};
    }
}

void check_options(const CommandSpec& cmd, const Args& args) {
    for (const auto& opt : cmd.options) {
        if (opt.required && !args.has(opt.name)) {
            throw UsageError{cmd.name() + " needs " + option_text(opt), cmd.name()};
        }
    }
    for (const auto& choice : cmd.choices) {
        std::vector<const OptionSpec*> given;
        std::string listed;
        for (size_t i = 0; i < choice.names.size(); ++i) {
            const OptionSpec* opt = cmd.option(choice.names[i]);
            if (args.has(opt->name)) given.push_back(opt);
            const char* sep = i == 0 ? "" : (i + 1 == choice.names.size() ? " or " : ", ");
            listed += sep + option_text(*opt);
        }
        if (static_cast<int>(given.size()) < choice.min) {
            std::string how = choice.max == 1 ? "" : "at least one of ";
            throw UsageError{cmd.name() + " needs " + how + listed, cmd.name()};
        }
        if (static_cast<int>(given.size()) > choice.max) {
            throw UsageError{
                "--" + std::string(given[0]->name) + " and --" + given[1]->name + " cannot be used together",
                cmd.name()};
        }
    }
}

}  // namespace

bool Args::has(std::string_view name) const {
    return std::any_of(options.begin(), options.end(), [&](const auto& o) { return o.first == name; });
}

std::optional<std::string> Args::get(std::string_view name) const {
    std::optional<std::string> value;
    for (const auto& [key, v] : options)
        if (key == name) value = v;
    return value;
}

std::vector<std::string> Args::all(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [key, v] : options)
        if (key == name) out.push_back(v);
    return out;
}

std::string CommandSpec::name() const { return join_words(words); }

const OptionSpec* CommandSpec::option(std::string_view wanted) const {
    for (const auto& opt : options)
        if (wanted == opt.name) return &opt;
    return nullptr;
}

Invocation parse_invocation(const std::vector<std::string>& argv) {
    Invocation inv;
    std::vector<std::string> words;  // command words read so far
    const CommandSpec* cmd = nullptr;
    bool help_command = false, help_flag = false, version = false, only_positionals = false;
    auto topic = [&] { return cmd ? cmd->name() : join_words(words); };

    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& token = argv[i];
        if (!only_positionals && token == "--") {
            only_positionals = true;
            continue;
        }
        bool is_option = !only_positionals && token.size() > 1 && token[0] == '-';
        if (!is_option) {
            if (help_command)
                inv.help_topic.push_back(token);
            else if (cmd)
                inv.args.positionals.push_back(token);
            else if (words.empty() && token == "help")
                help_command = true;
            else if (words.empty() && token == "version")
                version = true;
            else if (version)
                throw UsageError{"version takes no arguments", ""};
            else {
                words.push_back(token);
                cmd = resolve(words);
            }
            continue;
        }

        std::string name;
        std::optional<std::string> inline_value;
        if (token.rfind("--", 0) == 0) {
            size_t eq = token.find('=');
            name = token.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
            if (eq != std::string::npos) inline_value = token.substr(eq + 1);
        } else if (token == "-h") {
            name = "help";
        } else if (token.size() == 2 && cmd && cmd->option(token.substr(1))) {
            name = token.substr(1);  // a one-letter option such as -o FILE
        } else {
            throw UsageError{"unknown option " + token, topic()};
        }
        // A value is the next token, unless that is plainly another option (then the value is missing).
        auto value_of = [&](const std::string& shown) -> std::string {
            if (inline_value) return *inline_value;
            bool next_is_option = false;
            if (i + 1 < argv.size() && argv[i + 1].rfind("--", 0) == 0) {
                std::string next = argv[i + 1].substr(2, argv[i + 1].find('=') - 2);
                next_is_option = next == "db" || next == "as" || next == "passphrase-file" || next == "help" ||
                                 (cmd && cmd->option(next));
            }
            if (i + 1 >= argv.size() || next_is_option) throw UsageError{shown + " needs a value", topic()};
            return argv[++i];
        };

        if (name == "help") {
            help_flag = true;
        } else if (name == "version" && !cmd && words.empty()) {
            version = true;
        } else if (name == "db" || name == "as" || name == "passphrase-file") {
            auto& slot = name == "db" ? inv.db : name == "as" ? inv.as : inv.passphrase_file;
            if (slot) throw UsageError{"--" + name + " is given twice", topic()};
            slot = value_of(name == "db" ? "--db FILE" : name == "as" ? "--as EMAIL" : "--passphrase-file FILE");
        } else if (!cmd) {
            throw UsageError{"unknown option --" + name + (words.empty() ? "" : " for " + join_words(words)), topic()};
        } else if (const OptionSpec* spec = cmd->option(name)) {
            std::string shown = std::string(spec->name[1] ? "--" : "-") + spec->name;
            if (!spec->repeat && inv.args.has(name)) throw UsageError{shown + " is given twice", topic()};
            if (!spec->value && inline_value) throw UsageError{shown + " takes no value", topic()};
            inv.args.options.emplace_back(name, spec->value ? value_of(option_text(*spec)) : std::string());
        } else {
            throw UsageError{"unknown option --" + name + " for " + cmd->name(), topic()};
        }
    }

    if (help_flag || help_command) {
        inv.kind = Invocation::Kind::kHelp;
        if (!help_command) inv.help_topic = cmd ? cmd->words : words;
        return inv;
    }
    if (version) {
        inv.kind = Invocation::Kind::kVersion;
        return inv;
    }
    if (!cmd) {
        if (words.empty()) throw UsageError{"no command given", ""};
        throw UsageError{join_words(words) + " needs a command: " + next_words(words), join_words(words)};
    }
    inv.command = cmd;
    check_positionals(*cmd, inv.args);
    check_options(*cmd, inv.args);
    if (!inv.db) throw UsageError{cmd->name() + " needs --db FILE", cmd->name()};
    if (cmd->db == DbUse::kCreate && inv.as) {
        throw UsageError{cmd->name() + " takes no --as: nobody exists before it", cmd->name()};
    }
    if (cmd->needs_as && !inv.as) {
        throw UsageError{cmd->name() + " needs --as EMAIL, the person it acts for", cmd->name()};
    }
    return inv;
}

}  // namespace grove::cli
