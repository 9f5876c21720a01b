// Font Awesome 4.7 icons Grove uses, as UTF-8 strings; shell/fonts.cpp merges exactly these glyphs.
#pragma once

namespace grove::ui::icons {

// To use a new icon, add one line: its name, its UTF-8 bytes, its codepoint (for the reader).
#define GROVE_ICONS(X)                                                 \
    X(kLeaf, "\xef\x81\xac")         /* U+F06C leaf: the Grove mark */ \
    X(kGroups, "\xef\x83\x80")       /* U+F0C0 users */                \
    X(kPeople, "\xef\x80\x87")       /* U+F007 user */                 \
    X(kDepartments, "\xef\x83\xa8")  /* U+F0E8 sitemap */              \
    X(kRoles, "\xef\x8b\x81")        /* U+F2C1 id-badge */             \
    X(kAuditLog, "\xef\x87\x9a")     /* U+F1DA history */              \
    X(kSettings, "\xef\x80\x93")     /* U+F013 cog */                  \
    X(kAbout, "\xef\x81\x9a")        /* U+F05A info-circle */          \
    X(kCheck, "\xef\x80\x8c")        /* U+F00C check */                \
    X(kSaving, "\xef\x80\xa1")       /* U+F021 refresh */              \
    X(kWarning, "\xef\x81\xb1")      /* U+F071 exclamation-triangle */ \
    X(kPerson, "\xef\x8a\xbd")       /* U+F2BD user-circle */          \
    X(kCaretDown, "\xef\x83\x97")    /* U+F0D7 caret-down */           \
    X(kMoon, "\xef\x86\x86")         /* U+F186 moon-o */               \
    X(kSun, "\xef\x86\x85")          /* U+F185 sun-o */                \
    X(kFolderOpen, "\xef\x81\xbc")   /* U+F07C folder-open */          \
    X(kDownload, "\xef\x80\x99")     /* U+F019 download */             \
    X(kSearch, "\xef\x80\x82")       /* U+F002 search */               \
    X(kPlus, "\xef\x81\xa7")         /* U+F067 plus */                 \
    X(kTrash, "\xef\x87\xb8")        /* U+F1F8 trash */                \
    X(kPencil, "\xef\x81\x80")       /* U+F040 pencil */               \
    X(kClose, "\xef\x80\x8d")        /* U+F00D times */                \
    X(kCaretRight, "\xef\x83\x9a")   /* U+F0DA caret-right */          \
    X(kEllipsis, "\xef\x85\x81")     /* U+F141 ellipsis-h */           \
    X(kArrowLeft, "\xef\x81\xa0")    /* U+F060 arrow-left */           \
    X(kImage, "\xef\x80\xbe")        /* U+F03E picture-o */            \
    X(kCalendar, "\xef\x81\xb3")     /* U+F073 calendar */             \
    X(kMagic, "\xef\x83\x90")        /* U+F0D0 magic: smart groups */  \
    X(kCopy, "\xef\x83\x85")         /* U+F0C5 files-o */              \
    X(kUserPlus, "\xef\x88\xb4")     /* U+F234 user-plus */            \
    X(kChevronRight, "\xef\x81\x94") /* U+F054 chevron-right */        \
    X(kExpandAll, "\xef\x86\x96")    /* U+F196 plus-square-o */        \
    X(kCollapseAll, "\xef\x85\x87")  /* U+F147 minus-square-o */       \
    X(kExchange, "\xef\x83\xac")     /* U+F0EC exchange */             \
    X(kUpload, "\xef\x82\x93")       /* U+F093 upload */               \
    X(kFileText, "\xef\x83\xb6")     /* U+F0F6 file-text-o */          \
    X(kCourses, "\xef\x86\x9d")      /* U+F19D graduation-cap */       \
    X(kArrowUp, "\xef\x81\xa2")      /* U+F062 arrow-up */             \
    X(kArrowDown, "\xef\x81\xa3")    /* U+F063 arrow-down */           \
    X(kComments, "\xef\x82\x86")     /* U+F086 comments */             \
    X(kBell, "\xef\x83\xb3")         /* U+F0F3 bell */                 \
    X(kHome, "\xef\x80\x95")         /* U+F015 home */                 \
    X(kInbox, "\xef\x80\x9c")        /* U+F01C inbox */                \
    X(kEnvelope, "\xef\x83\xa0")     /* U+F0E0 envelope */             \
    X(kLock, "\xef\x80\xa3")         /* U+F023 lock */

#define GROVE_ICON_CONSTANT(name, utf8) inline constexpr const char* name = utf8;
GROVE_ICONS(GROVE_ICON_CONSTANT)
#undef GROVE_ICON_CONSTANT

#define GROVE_ICON_ENTRY(name, utf8) utf8,
inline constexpr const char* kAll[] = {GROVE_ICONS(GROVE_ICON_ENTRY)};
#undef GROVE_ICON_ENTRY

}  // namespace grove::ui::icons
