// Dear ImGui's test-engine hooks, implemented to record each frame's labelled items and drawn text.
#include "shell/ui_snapshot.h"

#include <algorithm>
#include <climits>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <map>
#include <unordered_map>

#include "imgui.h"
#include "imgui_internal.h"
#include "shell/a11y_actions.h"
#include "shell/text/text_engine.h"

namespace grove::ui {
namespace {

struct Recorder {
    UiSnapshot building;                // the frame being drawn
    std::vector<ImGuiID> building_ids;  // parallel to building.items
    UiSnapshot last;                    // the last finished frame
    std::vector<ImGuiID> last_ids;
    std::unordered_map<ImGuiID, ImRect> rects;  // this frame's ItemAdd() rectangles
    std::vector<std::string> log;
    // Semantics: the containers open now (indices into building.containers) with the root window each began in
    // and where its drawn text began; the containers made for popups and dialogs, by their window's ID.
    struct Open {
        int index;
        ImGuiWindow* root;
        std::size_t first_text;
    };
    std::vector<Open> open;
    // Parallel to building.texts: the table column each text was drawn in (-1 outside a table) and its root window,
    // so a row's cells take the text of their own column and not a tooltip's.
    std::vector<int> text_columns;
    std::vector<ImGuiWindow*> text_roots;
    // Cells a screen named itself (SemanticScope::cell), by container index and column.
    std::map<std::pair<int, int>, std::string> named_cells;
    std::string combo_value;  // what the combo box whose list is open shows
    std::unordered_map<ImGuiID, int> popups;
    ImGuiID info_id = 0;  // the last ItemInfo hook's widget and flags
    ImGuiItemStatusFlags info_flags = 0;
};

Recorder* recorder_of(ImGuiContext* ctx) { return ctx != nullptr ? static_cast<Recorder*>(ctx->TestEngine) : nullptr; }

void on_new_frame(ImGuiContext* ctx, ImGuiContextHook* hook) {
    auto* rec = static_cast<Recorder*>(hook->UserData);
    rec->building.items.clear();
    rec->building.texts.clear();
    rec->building.text_boxes.clear();
    rec->text_columns.clear();
    rec->text_roots.clear();
    rec->named_cells.clear();
    rec->combo_value.clear();
    rec->building.missing_glyphs = 0;
    rec->building_ids.clear();
    rec->rects.clear();
    rec->building.containers.clear();
    rec->open.clear();
    rec->info_id = 0;
    rec->popups.clear();
    ctx->TestEngineHookItems = true;
}

void record_focus(ImGuiContext* ctx, UiSnapshot& snapshot);

void on_end_frame(ImGuiContext* ctx, ImGuiContextHook* hook) {
    auto* rec = static_cast<Recorder*>(hook->UserData);
    record_focus(ctx, rec->building);
    std::swap(rec->last, rec->building);
    std::swap(rec->last_ids, rec->building_ids);
}

void on_shutdown(ImGuiContext* ctx, ImGuiContextHook* hook) {
    auto* rec = static_cast<Recorder*>(hook->UserData);
    if (ctx->TestEngine == rec) {
        ctx->TestEngine = nullptr;
        ctx->TestEngineHookItems = false;
    }
    delete rec;
}

bool is_icon_lead(const unsigned char* p, const unsigned char* end) {
    // U+E000..U+F8FF (Private Use Area, where icon fonts live) is EE xx xx or EF 80..A3 xx in UTF-8.
    if (end - p < 3) return false;
    return p[0] == 0xEE || (p[0] == 0xEF && p[1] >= 0x80 && p[1] <= 0xA3);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string clean_text(const char* begin, const char* end) {
    std::string out;
    out.reserve(static_cast<size_t>(end - begin));
    const auto* p = reinterpret_cast<const unsigned char*>(begin);
    const auto* e = reinterpret_cast<const unsigned char*>(end);
    while (p < e) {
        if (is_icon_lead(p, e)) {
            p += 3;
            continue;
        }
        out.push_back(static_cast<char>(*p++));
    }
    size_t first = 0;
    while (first < out.size() && is_space(out[first])) ++first;
    size_t last = out.size();
    while (last > first && is_space(out[last - 1])) --last;
    return out.substr(first, last - first);
}

// ---- Semantics: containers, roles, focus. ----

ImGuiWindow* root_of(ImGuiContext* ctx) {
    return ctx->CurrentWindow != nullptr ? ctx->CurrentWindow->RootWindow : nullptr;
}

bool is_popup(const ImGuiWindow* window) {
    return window != nullptr && (window->Flags & (ImGuiWindowFlags_Popup | ImGuiWindowFlags_Modal)) != 0 &&
           (window->Flags & ImGuiWindowFlags_Tooltip) == 0;
}

void grow(UiSnapshot& snapshot, int index, float x, float y, float w, float h) {
    for (; index >= 0; index = snapshot.containers[static_cast<std::size_t>(index)].parent) {
        UiSnapshot::Container& c = snapshot.containers[static_cast<std::size_t>(index)];
        if (c.w <= 0.0f || c.h <= 0.0f) {
            c.x = x, c.y = y, c.w = w, c.h = h;
            continue;
        }
        const float right = std::max(c.x + c.w, x + w), bottom = std::max(c.y + c.h, y + h);
        c.x = std::min(c.x, x), c.y = std::min(c.y, y);
        c.w = right - c.x, c.h = bottom - c.y;
    }
}

// The container what is submitted now belongs to: the innermost region begun in the same window (a popup's
// items do not belong to the row that opened it), else the popup or dialog it is drawn in, else none.
int current_parent(ImGuiContext* ctx, Recorder& rec) {
    ImGuiWindow* root = root_of(ctx);
    for (auto it = rec.open.rbegin(); it != rec.open.rend(); ++it) {
        if (it->root == root) return it->index;
    }
    if (!is_popup(root)) return -1;
    if (auto it = rec.popups.find(root->ID); it != rec.popups.end()) return it->second;
    UiSnapshot::Container c;
    c.id = root->ID;
    c.modal = (root->Flags & ImGuiWindowFlags_Modal) != 0;
    // ImGui names a combo box's list window "##Combo_00" (by its depth), in 1.86 and 1.90 alike.
    const bool combo = std::strncmp(root->Name, "##Combo_", 8) == 0;
    c.role = c.modal ? Role::kDialog : (combo ? Role::kListbox : Role::kMenu);
    if (c.modal) c.label = visible_label(root->Name);
    c.first_item = static_cast<int>(rec.building.items.size());
    c.x = root->Pos.x, c.y = root->Pos.y, c.w = root->Size.x, c.h = root->Size.y;
    rec.building.containers.push_back(std::move(c));
    const int index = static_cast<int>(rec.building.containers.size()) - 1;
    rec.popups[root->ID] = index;
    return index;
}

// The item just recorded: its ID, its container, and the role ImGui's flags (or its container) tell.
void describe_item(ImGuiContext* ctx, Recorder& rec, ImGuiItemStatusFlags flags) {
    UiSnapshot::Item& item = rec.building.items.back();
    item.id = rec.building_ids.back();
    item.parent = current_parent(ctx, rec);
    const int index = static_cast<int>(rec.building.items.size()) - 1;
    if (item.parent >= 0) {
        // A popup's container, made for this item just now, begins with it.
        int& first = rec.building.containers[static_cast<std::size_t>(item.parent)].first_item;
        first = std::min(first, index);
    }
    const Role around =
        item.parent >= 0 ? rec.building.containers[static_cast<std::size_t>(item.parent)].role : Role::kGroup;
    if (around == Role::kMenu) {
        item.role = Role::kMenuItem;  // ImGui's MenuItem says Checkable whether or not it shows a check
    } else if ((flags & ImGuiItemStatusFlags_Checkable) != 0) {
        item.role = Role::kCheckbox;
        item.checked = (flags & ImGuiItemStatusFlags_Checked) != 0 ? 1 : 0;
    } else if (around == Role::kListbox) {
        item.role = Role::kOption;
        item.checked = item.label == rec.combo_value ? 1 : 0;  // selected
    } else if (around == Role::kTabList) {
        item.role = Role::kTab;
    }
    if (around == Role::kRow && ctx->CurrentTable != nullptr) item.column = ctx->CurrentTable->CurrentColumn;
    if ((flags & ImGuiItemStatusFlags_Openable) != 0) item.expanded = (flags & ImGuiItemStatusFlags_Opened) != 0;
    if (item.parent >= 0) grow(rec.building, item.parent, item.x, item.y, item.w, item.h);
}

// The one place that reads ImGui's focus (its fields are named alike in 1.86 and 1.90).
void record_focus(ImGuiContext* ctx, UiSnapshot& snapshot) {
    const ImGuiContext& g = *ctx;
    snapshot.focus_id = g.NavId != 0 && !g.NavDisableHighlight ? g.NavId : 0;
    snapshot.text_id = g.ActiveId != 0 && g.InputTextState.ID == g.ActiveId ? g.ActiveId : 0;
}

// The item the last call recorded, when it recorded `id` (it skips empty labels and hidden items).
UiSnapshot::Item* last_recorded(Recorder* rec, std::size_t before) {
    if (rec == nullptr || rec->building.items.size() <= before) return nullptr;
    return &rec->building.items.back();
}

const UiSnapshot kEmpty;
const std::vector<std::string> kNoLog;

}  // namespace

const UiSnapshot::Item* UiSnapshot::find(std::string_view label, int nth) const {
    for (const Item& item : items) {
        if (item.label == label && nth-- == 0) return &item;
    }
    return nullptr;
}

const UiSnapshot::TextBox* UiSnapshot::find_text(std::string_view text, int nth) const {
    for (std::size_t i = 0; i < texts.size() && i < text_boxes.size(); ++i) {
        if (texts[i] == text && nth-- == 0) return &text_boxes[i];
    }
    return nullptr;
}

bool UiSnapshot::has_text(std::string_view needle) const {
    for (const std::string& text : texts) {
        if (text.find(needle) != std::string::npos) return true;
    }
    return false;
}

std::string visible_label(std::string_view raw) {
    const char* begin = raw.data();
    const char* end = begin + raw.size();
    for (const char* p = begin; p + 1 < end; ++p) {
        if (p[0] == '#' && p[1] == '#') {
            end = p;
            break;
        }
    }
    return clean_text(begin, end);
}

void report_last_item(const char* label) {
    ImGuiContext* ctx = GImGui;
    if (ctx != nullptr && ctx->LastItemData.ID != 0) {
        ImGuiTestEngineHook_ItemInfo(ctx, ctx->LastItemData.ID, label, ctx->LastItemData.StatusFlags);
    }
}

void report_last_progress(const char* label, float fraction) {
    ImGuiContext* ctx = GImGui;
    Recorder* rec = recorder_of(ctx);
    if (rec == nullptr) return;
    const ImGuiID id = ImGui::GetID(label);
    rec->rects[id] = ctx->LastItemData.Rect;
    const std::size_t before = rec->building.items.size();
    ImGuiTestEngineHook_ItemInfo(ctx, id, label, ctx->LastItemData.StatusFlags);
    if (rec->building.items.size() > before) {
        rec->building.items.back().value = fraction;
        rec->building.items.back().role = Role::kProgressbar;
    }
}

const char* role_name(Role role) {
    switch (role) {
        case Role::kButton: return "button";
        case Role::kCheckbox: return "checkbox";
        case Role::kTextbox: return "textbox";
        case Role::kMultiline: return "multiline";
        case Role::kPassword: return "password";
        case Role::kLink: return "link";
        case Role::kMenuItem: return "menuitem";
        case Role::kTab: return "tab";
        case Role::kCombobox: return "combobox";
        case Role::kOption: return "option";
        case Role::kProgressbar: return "progressbar";
        case Role::kHeading: return "heading";
        case Role::kTreeItem: return "treeitem";
        case Role::kTree: return "tree";
        case Role::kGrid: return "grid";
        case Role::kRow: return "row";
        case Role::kMenu: return "menu";
        case Role::kListbox: return "listbox";
        case Role::kDialog: return "dialog";
        case Role::kTabList: return "tablist";
        case Role::kTabPanel: return "tabpanel";
        case Role::kNavigation: return "navigation";
        case Role::kStatus: return "status";
        case Role::kAlert: return "alert";
        case Role::kGroup: return "group";
    }
    return "group";
}

const UiSnapshot::Container* UiSnapshot::find_container(Role role, std::string_view label, int nth) const {
    for (const Container& c : containers) {
        if (c.role == role && (label.empty() || c.label == label) && nth-- == 0) return &c;
    }
    return nullptr;
}

void report_last_item(const char* label, Role role, int state) {
    Recorder* rec = recorder_of(GImGui);
    const std::size_t before = rec != nullptr ? rec->building.items.size() : 0;
    report_last_item(label);
    UiSnapshot::Item* item = last_recorded(rec, before);
    if (item == nullptr) return;
    item->role = role;
    if (state >= 0) item->checked = state;
}

void report_text_field(const char* label, const std::string& text, Role role) {
    Recorder* rec = recorder_of(GImGui);
    const std::size_t before = rec != nullptr ? rec->building.items.size() : 0;
    report_last_item(label, role);
    UiSnapshot::Item* item = last_recorded(rec, before);
    if (item != nullptr && role != Role::kPassword) item->text = text;
}

void report_combo(std::uint32_t id, const char* label, const std::string& value, bool open) {
    ImGuiContext* ctx = GImGui;
    Recorder* rec = recorder_of(ctx);
    if (rec == nullptr || ctx->CurrentWindow == nullptr) return;
    // An open combo box has begun its list's window: the box itself sits in the window that opened it.
    ImGuiWindow* current = ctx->CurrentWindow;
    if (open && current->ParentWindow != nullptr) ctx->CurrentWindow = current->ParentWindow;
    const std::size_t before = rec->building.items.size();
    ImGuiTestEngineHook_ItemInfo(ctx, id, label,
                                 ImGuiItemStatusFlags_Openable | (open ? ImGuiItemStatusFlags_Opened : 0));
    ctx->CurrentWindow = current;
    if (open) rec->combo_value = visible_label(value);
    UiSnapshot::Item* item = last_recorded(rec, before);
    if (item == nullptr) return;
    item->role = Role::kCombobox;
    item->text = value;
}

void report_heading(const char* text) {
    ImGuiContext* ctx = GImGui;
    Recorder* rec = recorder_of(ctx);
    if (rec == nullptr || ctx->CurrentWindow == nullptr) return;
    // A region, not an item: a title is not something to click, and tests look items up by label.
    ImRect rect = ctx->LastItemData.Rect;
    rect.ClipWithFull(ctx->CurrentWindow->ClipRect);
    if (rect.GetWidth() <= 0.0f || rect.GetHeight() <= 0.0f) return;
    UiSnapshot::Container c;
    c.role = Role::kHeading;
    c.label = visible_label(text);
    c.parent = current_parent(ctx, *rec);
    c.first_item = static_cast<int>(rec->building.items.size());
    ImGui::PushID("##heading");
    c.id = ImGui::GetID(text);
    ImGui::PopID();
    c.x = rect.Min.x, c.y = rect.Min.y, c.w = rect.GetWidth(), c.h = rect.GetHeight();
    if (c.parent >= 0) grow(rec->building, c.parent, c.x, c.y, c.w, c.h);
    rec->building.containers.push_back(std::move(c));
}

SemanticScope::SemanticScope(Role role, const char* label) {
    ImGuiContext* ctx = GImGui;
    Recorder* rec = recorder_of(ctx);
    if (rec == nullptr || ctx->CurrentWindow == nullptr) return;
    UiSnapshot::Container c;
    c.role = role;
    c.label = visible_label(label);
    c.parent = current_parent(ctx, *rec);
    c.first_item = static_cast<int>(rec->building.items.size());
    ImGui::PushID("##semantic");
    c.id = ImGui::GetID(label);
    ImGui::PopID();
    rec->building.containers.push_back(std::move(c));
    index_ = static_cast<int>(rec->building.containers.size()) - 1;
    rec->open.push_back({index_, root_of(ctx), rec->building.texts.size()});
}

SemanticScope::~SemanticScope() {
    Recorder* rec = recorder_of(GImGui);
    if (rec == nullptr || index_ < 0 || rec->open.empty() || rec->open.back().index != index_) return;
    UiSnapshot::Container& c = rec->building.containers[static_cast<std::size_t>(index_)];
    if (c.role == Role::kStatus || c.role == Role::kAlert) {
        for (std::size_t i = rec->open.back().first_text; i < rec->building.texts.size(); ++i) {
            if (!c.text.empty()) c.text += ' ';
            c.text += rec->building.texts[i];
        }
    } else if (c.role == Role::kRow) {
        // Each column's text, in column order; a column the screen named says what it was told instead.
        std::map<int, std::string> columns;
        const ImGuiWindow* root = rec->open.back().root;
        for (std::size_t i = rec->open.back().first_text; i < rec->building.texts.size(); ++i) {
            if (i >= rec->text_roots.size() || rec->text_roots[i] != root) continue;
            const UiSnapshot::TextBox& b = rec->building.text_boxes[i];
            grow(rec->building, index_, b.x, b.y, b.w, b.h);  // a row of text alone has a box too
            std::string& cell = columns[std::max(0, rec->text_columns[i])];
            if (!cell.empty()) cell += ' ';
            cell += rec->building.texts[i];
        }
        for (auto it = rec->named_cells.lower_bound({index_, INT_MIN});
             it != rec->named_cells.end() && it->first.first == index_; ++it) {
            columns[it->first.second] = it->second;
        }
        c.cells.clear();
        c.cell_columns.clear();
        for (auto& [column, text] : columns) {
            if (text.empty()) continue;
            c.cells.push_back(std::move(text));
            c.cell_columns.push_back(column);
        }
        // The grid's column headers, once, from the table its rows are drawn in (a header without a name, such as
        // a checkbox column's, stays empty).
        ImGuiTable* table = GImGui->CurrentTable;
        if (c.parent >= 0 && table != nullptr) {
            UiSnapshot::Container& grid = rec->building.containers[static_cast<std::size_t>(c.parent)];
            if (grid.role == Role::kGrid && grid.columns.empty()) {
                const int count = ImGui::TableGetColumnCount();
                for (int column = 0; column < count; ++column) {
                    const bool shown = (ImGui::TableGetColumnFlags(column) & ImGuiTableColumnFlags_IsEnabled) != 0;
                    grid.columns.push_back(shown ? visible_label(ImGui::TableGetColumnName(column)) : std::string());
                }
            }
        }
    }
    rec->open.pop_back();
}

void SemanticScope::tree_item(int level, int expanded, bool selected) {
    Recorder* rec = recorder_of(GImGui);
    if (rec == nullptr || index_ < 0) return;
    UiSnapshot::Container& c = rec->building.containers[static_cast<std::size_t>(index_)];
    c.level = level;
    c.expanded = expanded;
    c.selected = selected ? 1 : 0;
}

void SemanticScope::selected(bool on) {
    Recorder* rec = recorder_of(GImGui);
    if (rec != nullptr && index_ >= 0) rec->building.containers[static_cast<std::size_t>(index_)].selected = on ? 1 : 0;
}

void SemanticScope::cell(int column, std::string text) {
    Recorder* rec = recorder_of(GImGui);
    if (rec != nullptr && index_ >= 0)
        rec->named_cells[{index_, column}] = clean_text(text.data(), text.data() + text.size());
}

void SemanticScope::row(int index, int count) {
    Recorder* rec = recorder_of(GImGui);
    if (rec == nullptr || index_ < 0) return;
    UiSnapshot::Container& c = rec->building.containers[static_cast<std::size_t>(index_)];
    c.row_index = index + 1;
    if (c.parent >= 0) rec->building.containers[static_cast<std::size_t>(c.parent)].row_count = count;
}

void install_ui_recorder(ImGuiContext* ctx) {
    IM_ASSERT(ctx != nullptr);
    if (recorder_of(ctx) != nullptr) return;
    auto* rec = new Recorder();
    ctx->TestEngine = rec;
    ctx->TestEngineHookItems = true;
    const std::pair<ImGuiContextHookType, ImGuiContextHookCallback> hooks[] = {
        {ImGuiContextHookType_NewFramePre, on_new_frame},
        {ImGuiContextHookType_EndFramePost, on_end_frame},
        {ImGuiContextHookType_Shutdown, on_shutdown},
    };
    for (const auto& [type, callback] : hooks) {
        ImGuiContextHook hook;
        hook.Type = type;
        hook.Callback = callback;
        hook.UserData = rec;
        ImGui::AddContextHook(ctx, &hook);
    }
}

const UiSnapshot& last_ui_snapshot(ImGuiContext* ctx) {
    const Recorder* rec = recorder_of(ctx != nullptr ? ctx : GImGui);
    return rec != nullptr ? rec->last : kEmpty;
}

const std::vector<std::string>& ui_log(ImGuiContext* ctx) {
    const Recorder* rec = recorder_of(ctx != nullptr ? ctx : GImGui);
    return rec != nullptr ? rec->log : kNoLog;
}

}  // namespace grove::ui

// ---- The hooks imgui_internal.h declares when IMGUI_ENABLE_TEST_ENGINE is defined. ----------------

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb, const ImGuiLastItemData*) {
    if (auto* rec = grove::ui::recorder_of(ctx)) rec->rects[id] = bb;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    auto* rec = grove::ui::recorder_of(ctx);
    if (rec == nullptr) return;
    // A widget named again by report_last_item keeps what ImGui's own call said of it (a checkbox's state).
    constexpr ImGuiItemStatusFlags kSemantic = ImGuiItemStatusFlags_Checkable | ImGuiItemStatusFlags_Checked |
                                               ImGuiItemStatusFlags_Openable | ImGuiItemStatusFlags_Opened;
    if (id == rec->info_id) flags |= rec->info_flags;
    rec->info_id = id;
    rec->info_flags = flags & kSemantic;
    if (label == nullptr) return;
    // ImGui 1.90 also reports every window, under its name: windows are not widgets (a dialog's title would be
    // found before its button of the same name).
    if (ImGuiWindow* window = ImGui::FindWindowByID(id); window != nullptr && window->ID == id) return;
    std::string visible = grove::ui::visible_label(label);
    if (visible.empty()) return;

    // ItemAdd's rectangle is the interactive one (an input's frame, not its label); fall back to
    // the last item's for widgets that report info for an id they did not add themselves.
    ImRect rect;
    if (auto it = rec->rects.find(id); it != rec->rects.end()) {
        rect = it->second;
    } else if (ctx->LastItemData.ID == id) {
        rect = ctx->LastItemData.Rect;
    } else {
        return;
    }
    // Only the visible part counts: a click at its centre must land on the widget.
    if (ctx->CurrentWindow != nullptr) rect.ClipWithFull(ctx->CurrentWindow->ClipRect);
    if (rect.GetWidth() <= 0.0f || rect.GetHeight() <= 0.0f) return;

    rec->building.items.push_back({std::move(visible), rect.Min.x, rect.Min.y, rect.GetWidth(), rect.GetHeight()});
    rec->building_ids.push_back(id);
    grove::ui::describe_item(ctx, *rec, flags);
    grove::ui::a11y::item_submitted(id);
}

void ImGuiTestEngineHook_Log(ImGuiContext* ctx, const char* fmt, ...) {
    auto* rec = grove::ui::recorder_of(ctx);
    if (rec == nullptr) return;
    char buf[512];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    if (rec->log.size() >= 200) rec->log.erase(rec->log.begin());
    rec->log.emplace_back(buf);
}

// Used by ImGui's metrics window to name items.
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext* ctx, ImGuiID id) {
    const auto* rec = grove::ui::recorder_of(ctx);
    if (rec == nullptr) return "";
    for (size_t i = 0; i < rec->last_ids.size(); ++i) {
        if (rec->last_ids[i] == id) return rec->last.items[i].label.c_str();
    }
    return "";
}

// ---- Text: every string ImGui draws goes through ImDrawList::AddText(font, ...). -----------------
// cmake/imgui.cmake links with --wrap for this symbol: calls from imgui.cpp and imgui_widgets.cpp
// reach __wrap_... below, which records the string and forwards to the real function.

// GROVE_IMGUI_ADDTEXT_SYMBOL (the mangled name) comes from cmake/imgui.cmake, next to the --wrap flag.
#define GROVE_ADDTEXT GROVE_IMGUI_ADDTEXT_SYMBOL
#define GROVE_CONCAT2(a, b) a##b
#define GROVE_CONCAT(a, b) GROVE_CONCAT2(a, b)

// The wrappers stand in for C++ member functions under their mangled names, so they are declared extern "C" and
// return what the members return (an ImVec2); clang's warning that a C function returns a C++ type is the point.
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wreturn-type-c-linkage"
#endif
extern "C" {
// A member function takes `this` as its first argument in the Itanium C++ ABI (x86-64 and wasm32);
// a returned ImVec2 comes back in registers (x86-64) or through a slot passed before `this` (wasm32),
// as for a free function returning it.
void GROVE_CONCAT(__real_, GROVE_ADDTEXT)(ImDrawList* self, const ImFont* font, float font_size, const ImVec2& pos,
                                          ImU32 col, const char* text_begin, const char* text_end, float wrap_width,
                                          const ImVec4* cpu_fine_clip_rect);
ImVec2 GROVE_CONCAT(__real_, GROVE_IMGUI_CALCTEXT_SYMBOL)(const ImFont* self, float size, float max_width,
                                                          float wrap_width, const char* text_begin,
                                                          const char* text_end, const char** remaining);

void GROVE_CONCAT(__wrap_, GROVE_ADDTEXT)(ImDrawList* self, const ImFont* font, float font_size, const ImVec2& pos,
                                          ImU32 col, const char* text_begin, const char* text_end, float wrap_width,
                                          const ImVec4* cpu_fine_clip_rect) {
    auto* rec = grove::ui::recorder_of(GImGui);
    if (rec != nullptr && (col & IM_COL32_A_MASK) != 0) {
        // Skip text that starts outside the clip rectangle: it is not visible.
        const ImVec4& clip = cpu_fine_clip_rect != nullptr ? *cpu_fine_clip_rect : self->_CmdHeader.ClipRect;
        const float size = font_size > 0.0f ? font_size : (font != nullptr ? font->FontSize : 0.0f);
        const bool visible = pos.x < clip.z && pos.y < clip.w && pos.y + size > clip.y;
        if (visible && text_begin != nullptr) {
            const char* end = text_end != nullptr ? text_end : text_begin + std::strlen(text_begin);
            std::string text = grove::ui::clean_text(text_begin, end);
            // A password field (a passphrase, F41) is drawn with ImGui's password font, every character a '*': that is
            // what is recorded, so the text never reaches the snapshot (the tests', and whatever reads it).
            if (font != nullptr && GImGui != nullptr && font == &GImGui->InputTextPasswordFont) {
                size_t characters = 0;
                for (const char* c = text_begin; c < end; ++c) characters += (*c & 0xC0) != 0x80 ? 1 : 0;
                text.assign(characters, '*');
            }
            if (!text.empty()) {
                const ImVec2 box = font != nullptr ? font->CalcTextSizeA(size, FLT_MAX, wrap_width, text_begin, end)
                                                   : ImVec2(0.0f, size);
                rec->building.texts.push_back(std::move(text));
                rec->building.text_boxes.push_back({pos.x, pos.y, box.x, box.y});
                const ImGuiTable* table = GImGui != nullptr ? GImGui->CurrentTable : nullptr;
                rec->text_columns.push_back(table != nullptr ? table->CurrentColumn : -1);
                rec->text_roots.push_back(grove::ui::root_of(GImGui));
            }
        }
    }
    // Text in other scripts: the engine draws what ImGui's one-glyph-per-character cannot.
    if (auto* engine = grove::ui::text::active_engine(); engine != nullptr) {
        int missing = 0;
        const bool drawn = engine->draw(self, font, font_size, pos, col, text_begin, text_end, wrap_width,
                                        cpu_fine_clip_rect, &missing);
        if (rec != nullptr && (col & IM_COL32_A_MASK) != 0) rec->building.missing_glyphs += missing;
        if (drawn) return;
    }
    GROVE_CONCAT(__real_, GROVE_ADDTEXT)
    (self, font, font_size, pos, col, text_begin, text_end, wrap_width, cpu_fine_clip_rect);
}

ImVec2 GROVE_CONCAT(__wrap_, GROVE_IMGUI_CALCTEXT_SYMBOL)(const ImFont* self, float size, float max_width,
                                                          float wrap_width, const char* text_begin,
                                                          const char* text_end, const char** remaining) {
    if (auto* engine = grove::ui::text::active_engine(); engine != nullptr) {
        ImVec2 out;
        if (engine->measure(self, size, max_width, wrap_width, text_begin, text_end, remaining, &out)) return out;
    }
    return GROVE_CONCAT(__real_, GROVE_IMGUI_CALCTEXT_SYMBOL)(self, size, max_width, wrap_width, text_begin, text_end,
                                                              remaining);
}
}
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
