// Zip archives in memory through minizip: its I/O functions (ioapi) over a byte buffer, so that the browser, which
// has no files, reads and writes zips the same way as the command line.
#include "core/exchange/zip.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <unordered_set>
#include <unzip.h>
#include <zip.h>

#include "core/text/text.h"

namespace grove {

namespace {

// The stream minizip reads or writes: a view of the archive when reading, a growing string when writing.
struct MemoryFile {
    std::string_view in;
    std::string* out = nullptr;
    std::uint64_t pos = 0;
    bool failed = false;

    std::uint64_t size() const { return out ? out->size() : in.size(); }
};

voidpf ZCALLBACK mem_open(voidpf opaque, const void*, int) { return opaque; }

uLong ZCALLBACK mem_read(voidpf, voidpf stream, void* buf, uLong size) {
    auto* f = static_cast<MemoryFile*>(stream);
    std::uint64_t total = f->size();
    if (f->pos >= total) return 0;
    std::uint64_t n = std::min<std::uint64_t>(size, total - f->pos);
    const char* data = f->out ? f->out->data() : f->in.data();
    std::memcpy(buf, data + f->pos, n);
    f->pos += n;
    return static_cast<uLong>(n);
}

uLong ZCALLBACK mem_write(voidpf, voidpf stream, const void* buf, uLong size) {
    auto* f = static_cast<MemoryFile*>(stream);
    if (!f->out) {
        f->failed = true;
        return 0;
    }
    if (f->pos > f->out->size()) f->out->resize(f->pos, '\0');
    std::size_t overlap = std::min<std::uint64_t>(size, f->out->size() - f->pos);
    std::memcpy(f->out->data() + f->pos, buf, overlap);
    f->out->append(static_cast<const char*>(buf) + overlap, size - overlap);
    f->pos += size;
    return size;
}

ZPOS64_T ZCALLBACK mem_tell(voidpf, voidpf stream) { return static_cast<MemoryFile*>(stream)->pos; }

long ZCALLBACK mem_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
    auto* f = static_cast<MemoryFile*>(stream);
    std::uint64_t base = 0;
    switch (origin) {
        case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
        case ZLIB_FILEFUNC_SEEK_CUR: base = f->pos; break;
        case ZLIB_FILEFUNC_SEEK_END: base = f->size(); break;
        default: return -1;
    }
    std::uint64_t target = base + offset;
    if (target < base || (!f->out && target > f->size())) return -1;
    f->pos = target;
    return 0;
}

int ZCALLBACK mem_close(voidpf, voidpf) { return 0; }
int ZCALLBACK mem_error(voidpf, voidpf stream) { return static_cast<MemoryFile*>(stream)->failed ? 1 : 0; }

zlib_filefunc64_def memory_functions(MemoryFile& file) {
    zlib_filefunc64_def def{};
    def.zopen64_file = mem_open;
    def.zread_file = mem_read;
    def.zwrite_file = mem_write;
    def.ztell64_file = mem_tell;
    def.zseek64_file = mem_seek;
    def.zclose_file = mem_close;
    def.zerror_file = mem_error;
    def.opaque = &file;
    return def;
}

// Why a name inside an archive cannot be taken as it is, or nothing.
std::optional<std::string> bad_name(std::string_view name) {
    if (name.empty()) return "a file without a name";
    if (name.size() > kZipNameLimit) return "a file name longer than " + std::to_string(kZipNameLimit) + " bytes";
    if (name.find('\\') != std::string_view::npos) return "the file name " + std::string(name) + " holds a backslash";
    if (name.find('\0') != std::string_view::npos) return "a file name holding a zero byte";
    if (name.front() == '/' || (name.size() > 1 && name[1] == ':'))
        return "the file name " + std::string(name) + " is absolute";
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t end = name.find('/', start);
        if (end == std::string_view::npos) end = name.size();
        if (name.substr(start, end - start) == "..") return "the file name " + std::string(name) + " has a .. part";
        start = end + 1;
    }
    return std::nullopt;
}

std::string megabytes(std::uint64_t bytes) {
    std::uint64_t tenths = (bytes * 10 + 1024 * 1024 - 1) / (1024 * 1024);
    return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") + " MB";
}

struct UnzCloser {
    void operator()(void* z) const { unzClose(z); }
};

}  // namespace

Result<std::vector<ZipEntry>> read_zip(std::string_view bytes, std::string_view file_name, const ZipLimits& limits) {
    const std::string file(file_name);
    auto refuse = [&](const std::string& why) { return bad_value(file + ": " + why + "."); };
    MemoryFile mem{bytes};
    zlib_filefunc64_def functions = memory_functions(mem);
    std::unique_ptr<void, UnzCloser> zip(unzOpen2_64("memory", &functions));
    if (!zip) return refuse("not a zip file, or a damaged one");

    std::vector<ZipEntry> out;
    std::unordered_set<std::string> seen;
    std::uint64_t total = 0;
    int status = unzGoToFirstFile(zip.get());
    while (status == UNZ_OK) {
        unz_file_info64 info{};
        char raw_name[kZipNameLimit + 2] = {};
        if (unzGetCurrentFileInfo64(zip.get(), &info, raw_name, sizeof raw_name, nullptr, 0, nullptr, 0) != UNZ_OK)
            return refuse("a damaged entry in the zip's directory");
        if (info.size_filename > kZipNameLimit) return refuse(*bad_name(std::string(kZipNameLimit + 1, 'x')));
        std::string name(raw_name, info.size_filename);
        if (auto why = bad_name(name)) return refuse(*why);
        bool folder = name.back() == '/';
        if (!folder) {
            if (out.size() >= limits.entries)
                return refuse("more than " + std::to_string(limits.entries) + " files in one zip");
            if (!seen.insert(fold(name)).second) return refuse("the file " + name + " is in the zip twice");
            if (info.flag & 1) return refuse("the file " + name + " is encrypted");
            if (info.compression_method != 0 && info.compression_method != Z_DEFLATED)
                return refuse("the file " + name +
                              " is compressed in a way Grove does not read (only stored or deflated)");
            if (info.uncompressed_size > limits.total - total)
                return refuse("its files inflate to more than " + megabytes(limits.total) + ", the limit");
            if (unzOpenCurrentFile(zip.get()) != UNZ_OK) return refuse("the file " + name + " cannot be read");
            ZipEntry entry{name, {}};
            // What the entry declares, up to 16 MB: a declared size is only a hint until inflating bears it out.
            entry.bytes.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(info.uncompressed_size, 1u << 24)));
            char chunk[65536];
            for (;;) {
                int n = unzReadCurrentFile(zip.get(), chunk, sizeof chunk);
                if (n < 0) {
                    unzCloseCurrentFile(zip.get());
                    return refuse("the file " + name + " is damaged");
                }
                if (n == 0) break;
                total += static_cast<std::uint64_t>(n);
                if (total > limits.total) {
                    unzCloseCurrentFile(zip.get());
                    return refuse("its files inflate to more than " + megabytes(limits.total) + ", the limit");
                }
                entry.bytes.append(chunk, static_cast<std::size_t>(n));
            }
            // unzCloseCurrentFile compares the CRC once the whole entry was read.
            if (unzCloseCurrentFile(zip.get()) != UNZ_OK || entry.bytes.size() != info.uncompressed_size)
                return refuse("the file " + name + " is damaged (its checksum or size is wrong)");
            out.push_back(std::move(entry));
        }
        status = unzGoToNextFile(zip.get());
    }
    if (status != UNZ_END_OF_LIST_OF_FILE) return refuse("a damaged zip directory");
    return out;
}

Result<std::vector<ZipEntry>> read_folder(const std::string& folder, const ZipLimits& limits) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return not_found(folder + ": no such folder.");
    std::vector<fs::path> paths;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec)) paths.push_back(it->path());
    }
    if (ec) return bad_value(folder + ": the folder cannot be read (" + ec.message() + ").");
    if (paths.size() > limits.entries)
        return bad_value(folder + ": more than " + std::to_string(limits.entries) + " files in one folder.");
    std::sort(paths.begin(), paths.end());
    std::vector<ZipEntry> out;
    std::uint64_t total = 0;
    for (const auto& path : paths) {
        std::uint64_t size = fs::file_size(path, ec);
        if (ec || size > limits.total - total)
            return bad_value(folder + ": its files are larger than " + megabytes(limits.total) + ", the limit.");
        total += size;
        std::ifstream in(path, std::ios::binary);
        ZipEntry entry{path.filename().string(), std::string(static_cast<std::size_t>(size), '\0')};
        if (!in.read(entry.bytes.data(), static_cast<std::streamsize>(size)))
            return bad_value(path.string() + ": the file cannot be read.");
        out.push_back(std::move(entry));
    }
    return out;
}

Result<std::string> write_zip(const std::vector<ZipEntry>& files) {
    std::unordered_set<std::string> seen;
    for (const auto& f : files) {
        if (auto why = bad_name(f.name)) return bad_value("Cannot write " + *why + " into a zip.");
        if (!seen.insert(fold(f.name)).second)
            return bad_value("Cannot write the file " + f.name + " twice into a zip.");
    }
    std::string out;
    MemoryFile mem{{}, &out};
    zlib_filefunc64_def functions = memory_functions(mem);
    zipFile zip = zipOpen2_64("memory", APPEND_STATUS_CREATE, nullptr, &functions);
    if (!zip) return Error{ErrorCode::kStorage, "The zip could not be started."};
    bool ok = true;
    for (const auto& f : files) {
        zip_fileinfo info{};
        info.tmz_date.tm_year = 2000;  // one fixed time: the same files give the same archive
        info.tmz_date.tm_mday = 1;
        // Zip64 only for a file past 4 GB, which no roster is.
        if (zipOpenNewFileInZip64(zip, f.name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                  Z_DEFAULT_COMPRESSION, f.bytes.size() >= 0xffffffffu ? 1 : 0) != ZIP_OK) {
            ok = false;
            break;
        }
        std::size_t pos = 0;
        while (ok && pos < f.bytes.size()) {
            unsigned n = static_cast<unsigned>(std::min<std::size_t>(f.bytes.size() - pos, 1u << 20));
            ok = zipWriteInFileInZip(zip, f.bytes.data() + pos, n) == ZIP_OK;
            pos += n;
        }
        if (zipCloseFileInZip(zip) != ZIP_OK) ok = false;
        if (!ok) break;
    }
    if (zipClose(zip, nullptr) != ZIP_OK) ok = false;
    if (!ok || mem.failed) return Error{ErrorCode::kStorage, "The zip could not be written."};
    return out;
}

}  // namespace grove
