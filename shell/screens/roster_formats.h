// The roster formats the Import & export screen offers (issue 13, F30): one table, roster_formats(), of what each
// format is called, which file it takes, and the core functions that import and export it. A new format is a row
// there; the Rosters tab draws every row alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/exchange/roster.h"
#include "core/exchange/zip.h"
#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove::ui {

// What a format's importer is: the files of the roster (a zip's, or the one CSV picked), checked and counted only
// when `dry_run`. Every core roster importer has this shape (core/exchange/oneroster.h).
using RosterImporter = Result<RosterImport> (*)(Store& store, Id actor, std::string_view source_name,
                                                const std::vector<ZipEntry>& files, bool dry_run);
// A file the format writes: a zip's bytes or a CSV's text.
using RosterExporter = Result<std::string> (*)(Store& store, Id actor);

struct RosterExport {
    const char* label;        // the button: "Export OneRoster 1.1"
    const char* file_suffix;  // after the organisation's slug: "-oneroster.zip"
    const char* mime_type;
    RosterExporter write;
};

struct RosterFormat {
    const char* label;   // "OneRoster 1.1"
    const char* takes;   // what the person picks, in words
    const char* accept;  // for the file picker: ".zip" or ".csv"
    bool zip;            // the picked file is a zip of the format's files; otherwise the one CSV itself
    RosterImporter import;
    std::vector<RosterExport> exports;
};

// Every roster format, in the order the screen lists them.
const std::vector<RosterFormat>& roster_formats();

}  // namespace grove::ui
