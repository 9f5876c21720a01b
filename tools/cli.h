// The `grove` command line: parses arguments, runs one core command, prints the outcome.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace grove::cli {

// Exit codes: 0 done, 1 refused or bad input (one "grove: error: ..." line), 2 wrong usage.
// `in` is standard input: `org lock set` and `org lock clear` read passphrases from it, one a line.
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);
// The same, reading std::cin.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace grove::cli
