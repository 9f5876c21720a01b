// Zip archives in memory, through zlib's minizip (the files rosters come in: OneRoster, Canvas), and a folder of
// the same files read the same way. Public: the command line, the app and the format readers use it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/storage/result.h"

namespace grove {

// One file of an archive or a folder: its name inside (forward slashes) and its bytes.
struct ZipEntry {
    std::string name;
    std::string bytes;
};

// What an archive may hold. The total is what its files inflate to, counted while inflating (the sizes a zip
// declares can lie): a zip bomb is refused when it passes the limit, before it fills memory. A district of
// 100,000 people and 1,000,000 enrolments writes about 150 MB of OneRoster CSV.
inline constexpr std::uint64_t kZipTotalLimit = std::uint64_t{256} * 1024 * 1024;  // bytes, all files inflated
inline constexpr std::size_t kZipEntryLimit = 1000;                                // files in one archive
inline constexpr std::size_t kZipNameLimit = 255;                                  // bytes of one file name

struct ZipLimits {
    std::uint64_t total = kZipTotalLimit;
    std::size_t entries = kZipEntryLimit;
};

// The files of a zip in archive order (folders skipped). Refused, with an Error naming `file_name`: a file
// that is not a zip or is damaged (a wrong checksum, a truncated entry), an encrypted entry, a method other than
// stored or deflated, a name with a ".." part, an absolute name or a backslash, two files of one name (case
// ignored), more than `limits.entries` files, or more than `limits.total` bytes inflated.
Result<std::vector<ZipEntry>> read_zip(std::string_view bytes, std::string_view file_name,
                                       const ZipLimits& limits = {});

// The regular files directly in `folder` (not below), by name, under the same limits (total bytes, count).
Result<std::vector<ZipEntry>> read_folder(const std::string& folder, const ZipLimits& limits = {});

// A zip of `files` in the given order, deflated, with one fixed time on every entry (the same files give the same
// bytes). A name that is empty, longer than kZipNameLimit, absolute, with a ".." part or given twice is an Error.
Result<std::string> write_zip(const std::vector<ZipEntry>& files);

}  // namespace grove
