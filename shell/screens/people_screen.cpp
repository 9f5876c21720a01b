// People (F2, F10): the organisation's people in a searchable list, a panel to edit one person,
// their org roles and groups, and the Add person dialog.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/access/roles.h"
#include "core/org/lookup.h"
#include "core/org/memberships.h"
#include "core/org/oversight.h"
#include "core/org/people.h"
#include "core/text/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "misc/cpp/imgui_stdlib.h"
#include "shell/a11y_actions.h"
#include "shell/app.h"
#include "shell/icons.h"
#include "shell/session.h"
#include "shell/ui_snapshot.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/confirm.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/elided_text.h"
#include "shell/widgets/flow.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/icon_button.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/page_header.h"
#include "shell/widgets/pickers.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

// What each view model shows, so it refreshes only when that changed.
constexpr std::uint32_t kRowKinds = kChangePeople | kChangeDepartments | kChangeRoles;
constexpr std::uint32_t kDetailKinds =
    kChangePeople | kChangeDepartments | kChangeRoles | kChangeGroups | kChangeMemberships;
constexpr std::uint32_t kFormKinds = kChangePeople | kChangeOrg;

constexpr const char* kAddDialog = "Add a person";
constexpr float kPanelWidth = 440;  // CSS pixels
constexpr float kStackBelow = 900;  // content width below which the panel goes under the table

const char* const kTabNames[kStatusTabCount] = {"All", "Active", "Invited", "Deactivated"};
const char* const kColumnNames[kPeopleColumnCount] = {"Name", "Email", "Status", "Department", "Org roles"};
const char* const kColumnSortLabels[kPeopleColumnCount] = {"Sort by Name", "Sort by Email", "Sort by Status",
                                                           "Sort by Department", "Sort by Org roles"};
constexpr const char* kAllDepartments = "All departments";
constexpr const char* kNoDepartment = "No department";
constexpr const char* kAllRoles = "All org roles";
constexpr const char* kNoRole = "No org role";
const char* const kPanelTabs[] = {"Details", "Org roles", "Memberships"};

StatusTab tab_of(UserStatus status) {
    switch (status) {
        case UserStatus::kActive: return StatusTab::kActive;
        case UserStatus::kInvited: return StatusTab::kInvited;
        case UserStatus::kDeactivated: return StatusTab::kDeactivated;
    }
    return StatusTab::kAll;
}

const char* status_name(UserStatus status) { return kTabNames[static_cast<size_t>(tab_of(status))]; }

ImVec4 status_colour(const Palette& p, UserStatus status) {
    switch (status) {
        case UserStatus::kActive: return p.success;
        case UserStatus::kInvited: return p.warning;
        case UserStatus::kDeactivated: return p.text_muted;
    }
    return p.text_muted;
}

// "12,345": counts of a large organisation stay readable.
std::string grouped(int n) {
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<size_t>(i), ",");
    return digits;
}

// A hairline as wide as the content (ImGui's separator runs into the window's padding).
void hairline(const AppState& state) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + width, at.y + std::max(1.0f, state.px(1))),
                                              ImGui::GetColorU32(palette(state.theme).border));
    ImGui::Dummy(ImVec2(0.0f, state.px(6)));
}

void section_heading(const AppState& state, const char* text) {
    ImGui::Dummy(ImVec2(0.0f, state.px(6)));
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
    hairline(state);
}

// A coloured dot and the status word, on a frame-height line.
void status_badge(const AppState& state, UserStatus status) {
    const Palette& p = palette(state.theme);
    const float radius = state.px(4);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float centre_y = at.y + ImGui::GetFrameHeight() * 0.5f;
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(at.x + radius, centre_y), radius,
                                                ImGui::GetColorU32(status_colour(p, status)), 12);
    ImGui::SetCursorScreenPos(ImVec2(at.x + radius * 2.0f + state.px(8), at.y));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(status_name(status));
}

// A tab: its word, and a count in a pill (none for a negative count). Found by tests and screen readers by the word.
// Chosen on click, in the same frame (ImGui's tab bars switch a frame later, and the app draws only when asked).
// How wide tab_button() draws this tab.
float tab_button_width(const AppState& state, const char* label, int count, bool selected) {
    ImGui::PushFont(selected ? state.fonts.bold : state.fonts.regular);
    float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2.0f;
    if (count >= 0) w += state.px(8) + ImGui::CalcTextSize(grouped(count).c_str()).x + state.px(7) * 2.0f;
    ImGui::PopFont();
    return w;
}

bool tab_button(const AppState& state, const char* label, int count, bool selected) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return false;
    const Palette& p = palette(state.theme);
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::PushFont(selected ? state.fonts.bold : state.fonts.regular);
    const bool pill = count >= 0;
    const std::string number = pill ? grouped(count) : std::string();
    const ImVec2 label_size = ImGui::CalcTextSize(label);
    const ImVec2 number_size = ImGui::CalcTextSize(number.c_str());
    const float pad = style.FramePadding.x;
    const float pill_pad = state.px(7);
    const float gap = state.px(8);
    const float pill_w = pill ? gap + number_size.x + pill_pad * 2.0f : 0.0f;
    const ImVec2 size(pad + label_size.x + pill_w + pad, ImGui::GetFrameHeight());
    const ImGuiID id = window->GetID(label);
    const ImVec2 pos = window->DC.CursorPos;
    const ImRect bb(pos, ImVec2(pos.x + size.x, pos.y + size.y));
    ImGui::ItemSize(size, style.FramePadding.y);
    if (!ImGui::ItemAdd(bb, id)) {
        ImGui::PopFont();
        return false;
    }
    bool hovered = false;
    bool held = false;
    const bool pressed = ImGui::ButtonBehavior(bb, id, &hovered, &held);
    ImDrawList* draw = window->DrawList;
    if (selected) {
        draw->AddRectFilled(bb.Min, bb.Max, ImGui::GetColorU32(p.accent_soft), style.FrameRounding);
    } else if (hovered || held) {
        draw->AddRectFilled(bb.Min, bb.Max, ImGui::GetColorU32(p.hover), style.FrameRounding);
    }
    ImGui::RenderNavHighlight(bb, id);
    const float text_y = pos.y + (size.y - ImGui::GetFontSize()) * 0.5f;
    ImGui::PushStyleColor(ImGuiCol_Text, selected ? p.accent : p.text);
    ImGui::RenderText(ImVec2(pos.x + pad, text_y), label);
    ImGui::PopStyleColor();
    if (pill) {
        const ImVec2 pill_min(pos.x + pad + label_size.x + gap, pos.y + state.px(5));
        const ImVec2 pill_max(pill_min.x + number_size.x + pill_pad * 2.0f, pos.y + size.y - state.px(5));
        const ImVec4 tint = selected ? p.accent_soft : p.hover;
        draw->AddRectFilled(pill_min, pill_max, ImGui::GetColorU32(tint), (pill_max.y - pill_min.y) * 0.5f);
        ImGui::PushStyleColor(ImGuiCol_Text, selected ? p.accent : p.text_muted);
        ImGui::RenderText(ImVec2(pill_min.x + pill_pad, text_y), number.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopFont();
    report_last_item(label);
    return pressed;
}

// An additional field's input, by its type; the core checks the value when saving.
void field_input(const FieldDef& field, std::string* value) {
    ImGui::PushID(static_cast<int>(field.id));
    const char* name = field.name.c_str();
    switch (field.type) {
        case FieldType::kText: text_field(name, value); break;
        case FieldType::kNumber: text_field(name, value, "A number"); break;
        case FieldType::kDate: text_field(name, value, "YYYY-MM-DD"); break;
        case FieldType::kChoice: {
            ImGui::TextUnformatted(name);
            ImGui::SetNextItemWidth(-1.0f);
            const bool open = begin_combo(name, "##choice", value->empty() ? "Not set" : value->c_str());
            if (open) {
                if (ImGui::Selectable("Not set", value->empty())) value->clear();
                for (const std::string& choice : field.choices) {
                    if (ImGui::Selectable(choice.c_str(), *value == choice)) *value = choice;
                }
                ImGui::EndCombo();
            }
            break;
        }
    }
    ImGui::PopID();
}

// First and last name side by side.
// Labels on one line and fields on the next, so both labels share a baseline; what is wrong with either
// under it. `scroll` (if given and set) brings the first message into view, once.
void name_fields(const AppState& state, std::string* first, std::string* last, const std::string& first_error = {},
                 const std::string& last_error = {}, bool* scroll = nullptr) {
    const float gap = ImGui::GetStyle().ItemSpacing.x * 1.5f;
    const float width = (ImGui::GetContentRegionAvail().x - gap) * 0.5f;
    const float x = ImGui::GetCursorPosX();
    ImGui::TextUnformatted("First name");
    ImGui::SameLine(x + width + gap);
    ImGui::TextUnformatted("Last name");
    ImGui::SetNextItemWidth(width);
    a11y::take_text(ImGui::GetID("##first-name"), first);  // typed into the screen-reader mirror
    ImGui::InputText("##first-name", first);
    report_text_field("First name", *first);
    ImGui::SameLine(x + width + gap);
    ImGui::SetNextItemWidth(width);
    a11y::take_text(ImGui::GetID("##last-name"), last);
    ImGui::InputText("##last-name", last);
    report_text_field("Last name", *last);
    if (first_error.empty() && last_error.empty()) return;
    const float top = ImGui::GetCursorPosY();
    float bottom = top;
    auto under = [&](float at, const char* label, const std::string& message) {
        if (message.empty()) return;
        ImGui::SetCursorPos(ImVec2(at, top));
        field_error(state, label, message, width);
        if (scroll && *scroll) {
            ImGui::SetScrollHereY(0.3f);
            *scroll = false;
        }
        bottom = std::max(bottom, ImGui::GetCursorPosY());
    };
    under(x, "First name", first_error);
    under(x + width + gap, "Last name", last_error);
    ImGui::SetCursorPos(ImVec2(x, bottom));
}

// The roles a person can be granted from the panel: the builtins but Owner, then custom roles.
struct RoleOption {
    std::string name;
    OrgRole role;
    std::optional<Id> custom;
};

std::vector<RoleOption> role_options(const std::vector<CustomRole>& custom_roles) {
    std::vector<RoleOption> out;
    for (const OrgRoleDef& def : builtin_org_roles()) {
        if (def.role != OrgRole::kOwner) out.push_back({def.name, def.role, std::nullopt});
    }
    for (const CustomRole& custom : custom_roles) out.push_back({custom.name, OrgRole::kCustom, custom.id});
    return out;
}

const std::vector<DepartmentRow>& departments_of(AppState& state) {
    Store& store = *state.store;
    return state.views.people.departments.get(store, kChangeDepartments, [&] { return department_tree(store); });
}

const std::vector<FieldDef>& fields_of(AppState& state) {
    Store& store = *state.store;
    return state.views.people.fields.get(store, kFormKinds, [&] { return list_fields(store); });
}

// ---- The list -------------------------------------------------------------------------------

const std::vector<CustomRole>& custom_roles_of(AppState& state) {
    Store& store = *state.store;
    return state.views.people.custom_roles.get(store, kChangeRoles, [&] { return list_custom_roles(store); });
}

// Each slot's place in the order of a text column, as the list orders names (natural order: case and accents
// ignored, numbers by value): every distinct text keyed once, so 100,000 rows of a few departments cost little.
template <class Text>
std::vector<std::uint32_t> text_ranks(const PeopleRows& rows, Text text) {
    std::unordered_map<std::string_view, std::uint32_t> index;
    std::vector<std::string_view> values;
    std::vector<std::uint32_t> value_of(rows.slots.size(), kUnranked);
    for (std::uint32_t slot : rows.order) {
        const std::string_view value = text(rows[slot]);
        if (value.empty()) continue;
        auto [it, added] = index.try_emplace(value, static_cast<std::uint32_t>(values.size()));
        if (added) values.push_back(value);
        value_of[slot] = it->second;
    }
    std::vector<std::string> keys(values.size());
    for (size_t v = 0; v < values.size(); ++v) keys[v] = natural_key(values[v]);
    std::vector<std::uint32_t> order(values.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (const int c = keys[a].compare(keys[b]); c != 0) return c < 0;
        return values[a] < values[b];  // natural_compare's tie-break: the raw bytes
    });
    std::vector<std::uint32_t> place(values.size());
    for (size_t k = 0; k < order.size(); ++k) place[order[k]] = static_cast<std::uint32_t>(k);
    for (std::uint32_t& v : value_of)
        if (v != kUnranked) v = place[v];
    return value_of;
}

std::vector<std::uint32_t> column_ranks(const PeopleRows& rows, PeopleColumn column) {
    switch (column) {
        case PeopleColumn::kName: {
            // The slots in name order: a slot's place is its index there, shared by equal names.
            std::vector<std::uint32_t> rank(rows.slots.size(), kUnranked);
            for (size_t i = 0; i < rows.order.size(); ++i) {
                const std::uint32_t slot = rows.order[i];
                rank[slot] = i > 0 && rows[slot].name == rows[rows.order[i - 1]].name ? rank[rows.order[i - 1]]
                                                                                      : static_cast<std::uint32_t>(i);
            }
            return rank;
        }
        case PeopleColumn::kEmail:
            return text_ranks(rows, [](const PersonRow& r) { return std::string_view(r.email); });
        case PeopleColumn::kStatus:  // by the word shown: Active, Deactivated, Invited
            return text_ranks(rows, [](const PersonRow& r) { return std::string_view(status_name(r.status)); });
        case PeopleColumn::kDepartment:
            return text_ranks(rows, [](const PersonRow& r) { return std::string_view(r.department); });
        case PeopleColumn::kRoles:
            return text_ranks(rows, [](const PersonRow& r) { return std::string_view(r.roles); });
    }
    return {};
}

// The departments a department filter lets through: the one chosen and every one under it (the tree is in
// pre-order, so they are the run of deeper rows after it), sorted for binary search.
std::vector<Id> subtree_of(const std::vector<DepartmentRow>& tree, Id root) {
    std::vector<Id> out;
    for (size_t i = 0; i < tree.size(); ++i) {
        if (tree[i].department.id != root) continue;
        out.push_back(root);
        for (size_t j = i + 1; j < tree.size() && tree[j].depth > tree[i].depth; ++j)
            out.push_back(tree[j].department.id);
        break;
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool role_matches(const RoleFilter& filter, const PersonRow& row) {
    switch (filter.kind) {
        case RoleFilter::Kind::kAll: return true;
        case RoleFilter::Kind::kNone: return row.held_roles.empty();
        case RoleFilter::Kind::kRole:
            return std::find(row.held_roles.begin(), row.held_roles.end(), filter.role) != row.held_roles.end();
    }
    return true;
}

// Orders row indices by their ranks (reversed when descending), empty cells (kUnranked) last both ways, and
// equal ranks in the order the indices came (name order): a counting sort, one pass whatever the column, so a
// click on a header costs little even over 100,000 people. Ranks are below rank.size() or kUnranked.
void sort_by_rank(std::vector<std::uint32_t>& indices, const std::vector<std::uint32_t>& rank, bool descending) {
    const std::size_t buckets = rank.size() + 1;  // the last one for empty cells
    auto bucket_of = [&](std::size_t i) -> std::size_t {
        const std::uint32_t r = rank[i];
        if (r == kUnranked) return buckets - 1;
        return descending ? rank.size() - 1 - r : r;
    };
    std::vector<std::uint32_t> start(buckets + 1, 0);
    for (std::uint32_t i : indices) ++start[bucket_of(i) + 1];
    for (std::size_t b = 1; b <= buckets; ++b) start[b] += start[b - 1];
    std::vector<std::uint32_t> sorted(indices.size());
    for (std::uint32_t i : indices) sorted[start[bucket_of(i)]++] = i;
    indices.swap(sorted);
}

// ---- Searching ----

// The bit of a byte of folded text: letters and digits one each, every other byte one of 28 shared ones.
int letter_bit(unsigned char c) {
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= '0' && c <= '9') return 26 + (c - '0');
    return 36 + c % 28;
}

// The letters and the pairs of adjacent bytes of a folded text, as bits.
std::uint64_t search_bits(std::string_view text, PairBits& pairs) {
    std::uint64_t letters = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        letters |= std::uint64_t{1} << letter_bit(c);
        if (i + 1 < text.size()) {
            const unsigned pair = (c * 131u + static_cast<unsigned char>(text[i + 1]) * 7u) & 511u;
            pairs.words[pair >> 6] |= std::uint64_t{1} << (pair & 63u);
        }
    }
    return letters;
}

// A folded query, with its bits: whether a row's search key contains it.
struct Needle {
    std::string text;
    std::uint64_t letters = 0;
    // The words of the needle's pairs that have a bit set (a short needle sets one or two of the eight), so that
    // a row's other words are never read.
    std::array<std::pair<std::uint8_t, std::uint64_t>, 8> pair_words{};
    size_t pair_word_count = 0;
    bool by_bits = false;  // one letter or digit: the letters decide alone

    explicit Needle(std::string folded) : text(std::move(folded)) {
        PairBits pairs;
        letters = search_bits(text, pairs);
        for (std::uint8_t w = 0; w < std::size(pairs.words); ++w)
            if (pairs.words[w] != 0) pair_words[pair_word_count++] = {w, pairs.words[w]};
        by_bits = text.size() == 1 && letter_bit(static_cast<unsigned char>(text[0])) < 36;
    }
    bool found_in(const PeopleRows& rows, std::uint32_t slot) const {
        if ((rows.bits[slot].letters & letters) != letters) return false;
        if (by_bits) return true;
        const PairBits& row = rows.pairs[slot];
        for (size_t i = 0; i < pair_word_count; ++i) {
            const auto [w, mask] = pair_words[i];
            if ((row.words[w] & mask) != mask) return false;
        }
        const PeopleRows::KeySpan span = rows.key_spans[slot];
        return contains(std::string_view(rows.keys).substr(span.at, span.size), text);
    }

    // Whether `key` holds `text` (not empty), in a plain loop: as WebAssembly, std::string::find is a call into
    // libc's memchr and memcmp (built for size) per candidate, on keys of a few dozen bytes.
    static bool contains(std::string_view key, std::string_view text) {
        if (key.size() < text.size()) return false;
        if (text.size() == 1) return key.find(text[0]) != std::string_view::npos;
        const char first = text[0], second = text[1];
        const size_t last = key.size() - text.size();
        for (size_t i = 0; i <= last; ++i) {
            if (key[i] != first || key[i + 1] != second) continue;
            size_t j = 2;
            while (j < text.size() && key[i + j] == text[j]) ++j;
            if (j == text.size()) return true;
        }
        return false;
    }
};

// ---- The rows ----

void put_key(PeopleRows& rows, std::uint32_t slot, std::string_view key) {
    rows.keys_unused += rows.key_spans[slot].size;
    rows.key_spans[slot] = {static_cast<std::uint32_t>(rows.keys.size()), static_cast<std::uint32_t>(key.size())};
    rows.keys.append(key);
}

// Writes the keys buffer anew once most of it is keys no longer in use.
void compact_keys(PeopleRows& rows) {
    if (rows.keys_unused * 2 <= rows.keys.size()) return;
    std::string keys;
    keys.reserve(rows.keys.size() - rows.keys_unused);
    for (std::uint32_t slot = 0; slot < rows.slots.size(); ++slot) {
        PeopleRows::KeySpan& span = rows.key_spans[slot];
        const std::uint32_t at = static_cast<std::uint32_t>(keys.size());
        keys.append(rows.keys, span.at, span.size);
        span.at = at;
    }
    rows.keys.swap(keys);
    rows.keys_unused = 0;
}

void put_row(PeopleRows& rows, std::uint32_t slot, PersonRow row) {
    PairBits pairs;
    rows.bits[slot] = {search_bits(row.search_key, pairs), row.status};
    rows.pairs[slot] = pairs;
    put_key(rows, slot, row.search_key);
    rows.slot_of[row.id] = slot;
    rows.slots[slot] = std::move(row);
}

void reload_rows(PeopleRows& rows, std::vector<PersonRow> fresh) {
    // Room for people added later, so that adding one does not move every row (nor rehash every ID).
    const std::size_t room = fresh.size() + fresh.size() / 4 + 64;
    rows.slots.clear();
    rows.slots.reserve(room);
    rows.bits.reserve(room);
    rows.pairs.reserve(room);
    rows.order.reserve(room);
    rows.bits.assign(fresh.size(), RowBits{});
    rows.pairs.assign(fresh.size(), PairBits{});
    rows.key_spans.reserve(room);
    rows.key_spans.assign(fresh.size(), PeopleRows::KeySpan{});
    rows.keys.clear();
    rows.keys_unused = 0;
    std::size_t key_bytes = 0;
    for (const PersonRow& row : fresh) key_bytes += row.search_key.size();
    rows.keys.reserve(key_bytes + key_bytes / 4);
    rows.slots.resize(fresh.size());
    rows.free.clear();
    rows.slot_of.clear();
    rows.slot_of.reserve(room);
    rows.order.resize(fresh.size());
    for (std::uint32_t i = 0; i < fresh.size(); ++i) {
        put_row(rows, i, std::move(fresh[i]));
        rows.order[i] = i;
    }
    rows.before.clear();
    rows.after.clear();
    rows.reloaded = true;
    ++rows.version;
}

// Puts `slots` (not in `order`) into `order` where they belong by name: one at a time when few, else merged.
void insert_in_name_order(const PeopleRows& rows, std::vector<std::uint32_t>& order, std::vector<std::uint32_t> slots) {
    auto before = [&](std::uint32_t a, std::uint32_t b) { return people_row_before(rows[a], rows[b]); };
    std::sort(slots.begin(), slots.end(), before);
    if (slots.size() <= 64) {
        for (std::uint32_t slot : slots) order.insert(std::lower_bound(order.begin(), order.end(), slot, before), slot);
        return;
    }
    std::vector<std::uint32_t> merged(order.size() + slots.size());
    std::merge(order.begin(), order.end(), slots.begin(), slots.end(), merged.begin(), before);
    order.swap(merged);
}

// Reads again the rows of `people` (sorted) and puts them in place: a person who stays keeps their slot, one
// who left frees it, a newcomer takes a free one.
void patch_rows(Store& store, PeopleRows& rows, const std::vector<Id>& people) {
    std::vector<PersonRow> fresh = people_rows_of(store, people);  // in id order, as `people`
    rows.before.clear();
    rows.after.clear();
    rows.reloaded = false;
    std::vector<std::uint8_t> out(rows.slots.size(), 0);  // slots to take out of the order
    size_t f = 0;
    for (Id id : people) {
        const bool stays = f < fresh.size() && fresh[f].id == id;
        const auto it = rows.slot_of.find(id);
        std::uint32_t slot = 0;
        if (it != rows.slot_of.end()) {
            slot = it->second;
            out[slot] = 1;
            rows.before.emplace_back(slot, std::move(rows.slots[slot]));
            if (!stays) {
                rows.slots[slot] = PersonRow{};
                rows.bits[slot] = RowBits{};
                rows.pairs[slot] = PairBits{};
                put_key(rows, slot, {});
                rows.slot_of.erase(it);
                rows.free.push_back(slot);
            }
        } else if (stays) {
            if (!rows.free.empty()) {
                slot = rows.free.back();
                rows.free.pop_back();
            } else {
                slot = static_cast<std::uint32_t>(rows.slots.size());
                rows.slots.emplace_back();
                rows.bits.emplace_back();
                rows.pairs.emplace_back();
                rows.key_spans.emplace_back();
            }
        }
        if (stays) {
            put_row(rows, slot, std::move(fresh[f++]));
            rows.after.push_back(slot);
        }
    }
    std::erase_if(rows.order, [&](std::uint32_t slot) { return slot < out.size() && out[slot] != 0; });
    insert_in_name_order(rows, rows.order, rows.after);
    compact_keys(rows);
    ++rows.version;
}

// ---- The filter ----

bool department_matches(const PeopleFilters& filters, const std::vector<Id>& subtree, const PersonRow& row) {
    if (!filters.department) return true;
    if (!*filters.department) return !row.department_id.has_value();
    return row.department_id && std::binary_search(subtree.begin(), subtree.end(), *row.department_id);
}

// The visible rows in the sort's order and the tabs' counts, brought up to date with the rows, the filters,
// the tab and the sort. The rows matching the filters (`matched`, in name order) are kept: a change of the
// rows takes out the rows it touched and puts back those that still match; a query extending the last one
// narrows them, an earlier query finds its result again; anything else searches every row, the letters'
// bits first. The visible rows are the matched ones in the tab, ordered by the column's ranks when the sort
// is not by name, ties kept in name order.
void refresh_filter(AppState& state, PeopleView& view, const PeopleRows& rows) {
    PeopleFilter& shown = view.shown;
    const std::vector<DepartmentRow>& tree = departments_of(state);
    const PeopleFilters& filters = view.filters;
    if (shown.rows_version == rows.version && shown.tree_stamp == view.departments.stamp && shown.filters == filters &&
        shown.tab == view.tab && shown.sort == view.sort) {
        return;
    }
    const Needle needle(fold(trim(filters.query)));
    const std::vector<Id> subtree =
        filters.department && *filters.department ? subtree_of(tree, **filters.department) : std::vector<Id>();
    const bool narrowed = filters.department.has_value() || filters.role.kind != RoleFilter::Kind::kAll;
    auto passes = [&](std::uint32_t slot) {
        if (!needle.text.empty() && !needle.found_in(rows, slot)) return false;
        return !narrowed ||
               (department_matches(filters, subtree, rows[slot]) && role_matches(filters.role, rows[slot]));
    };
    const bool same_others = shown.tree_stamp == view.departments.stamp &&
                             shown.filters.department == filters.department && shown.filters.role == filters.role;
    if (same_others && shown.rows_version == rows.version && shown.needle == needle.text) {
        // Only the tab or the sort changed: the matched rows stand.
    } else if (same_others && shown.needle == needle.text && !rows.reloaded && shown.rows_version + 1 == rows.version) {
        // One change of the rows: the rows it touched out, and back in where they match.
        std::vector<std::uint8_t> touched(rows.slots.size(), 0);
        for (const auto& [slot, row] : rows.before) touched[slot] = 1;
        for (std::uint32_t slot : rows.after) touched[slot] = 1;
        std::erase_if(shown.matched, [&](std::uint32_t slot) { return touched[slot] != 0; });
        std::vector<std::uint32_t> back;
        for (std::uint32_t slot : rows.after)
            if (passes(slot)) back.push_back(slot);
        insert_in_name_order(rows, shown.matched, std::move(back));
        shown.earlier.clear();
    } else {
        const std::vector<std::uint32_t>* from = &rows.order;
        if (same_others && shown.rows_version == rows.version) {
            // The query changed: an earlier result it extends (the last one, or one before it) is where to look.
            auto extends = [&](const std::string& earlier) { return needle.text.find(earlier) != std::string::npos; };
            while (!shown.earlier.empty() && !extends(shown.earlier.back().needle)) shown.earlier.pop_back();
            if (extends(shown.needle)) {
                shown.earlier.push_back({shown.needle, std::move(shown.matched)});
            }
            if (!shown.earlier.empty()) from = &shown.earlier.back().matched;
        } else {
            shown.earlier.clear();
        }
        std::vector<std::uint32_t> matched;
        if (!shown.earlier.empty() && shown.earlier.back().needle == needle.text) {
            matched = std::move(shown.earlier.back().matched);
            shown.earlier.pop_back();
        } else if (needle.text.empty() && !narrowed) {
            matched = *from;
        } else {
            for (std::uint32_t slot : *from)
                if (passes(slot)) matched.push_back(slot);
        }
        shown.matched = std::move(matched);
    }
    shown.counts.fill(0);
    shown.visible.clear();
    for (std::uint32_t slot : shown.matched) {
        const StatusTab tab = tab_of(rows.bits[slot].status);
        ++shown.counts[static_cast<size_t>(tab)];
        if (view.tab == StatusTab::kAll || view.tab == tab) shown.visible.push_back(slot);
    }
    shown.counts[static_cast<size_t>(StatusTab::kAll)] = static_cast<int>(shown.matched.size());
    if (view.sort != PeopleSort{}) {
        const auto column = static_cast<size_t>(view.sort.column);
        if (shown.ranks_version[column] != rows.version) {
            shown.ranks[column] = column_ranks(rows, view.sort.column);
            shown.ranks_version[column] = rows.version;
        }
        sort_by_rank(shown.visible, shown.ranks[column], view.sort.descending);
    }
    shown.filters = filters;
    shown.needle = needle.text;
    shown.tab = view.tab;
    shown.sort = view.sort;
    shown.rows_version = rows.version;
    shown.tree_stamp = view.departments.stamp;
}

bool any_filter(const PeopleView& view) { return view.filters != PeopleFilters{} || view.tab != StatusTab::kAll; }

void clear_filters(AppState& state, PeopleView& view) {
    view.filters = PeopleFilters{};
    view.tab = StatusTab::kAll;
    state.request_redraw();
}

// Drops a filter whose department or custom role no longer exists.
void forget_missing_filters(AppState& state, PeopleView& view) {
    if (view.filters.department && *view.filters.department) {
        const std::vector<DepartmentRow>& tree = departments_of(state);
        const Id chosen = **view.filters.department;
        if (std::none_of(tree.begin(), tree.end(), [&](const DepartmentRow& r) { return r.department.id == chosen; }))
            view.filters.department.reset();
    }
    const RoleFilter& role = view.filters.role;
    if (role.kind == RoleFilter::Kind::kRole && role.role.custom_role) {
        const std::vector<CustomRole>& customs = custom_roles_of(state);
        const Id chosen = *role.role.custom_role;
        if (std::none_of(customs.begin(), customs.end(), [&](const CustomRole& c) { return c.id == chosen; }))
            view.filters.role = RoleFilter{};
    }
}

// The org role filter: every builtin role, each custom role, and "No org role".
void role_filter_picker(AppState& state, PeopleView& view, float width) {
    RoleFilter& filter = view.filters.role;
    const std::vector<CustomRole>& customs = custom_roles_of(state);
    std::string preview = filter.kind == RoleFilter::Kind::kNone ? kNoRole : kAllRoles;
    if (filter.kind == RoleFilter::Kind::kRole) {
        if (filter.role.role != OrgRole::kCustom) preview = org_role_def(filter.role.role).name;
        for (const CustomRole& custom : customs)
            if (filter.role.custom_role == custom.id) preview = custom.name;
    }
    auto choose = [&](const RoleFilter& chosen) {
        filter = chosen;
        state.request_redraw();
    };
    ImGui::SetNextItemWidth(width);
    const bool open = begin_combo("Filter by org role", "##role-filter", preview.c_str(), ImGuiComboFlags_HeightLarge);
    if (!open) return;
    if (ImGui::Selectable(kAllRoles, filter.kind == RoleFilter::Kind::kAll)) choose(RoleFilter{});
    if (ImGui::Selectable(kNoRole, filter.kind == RoleFilter::Kind::kNone)) choose({RoleFilter::Kind::kNone, {}});
    for (const OrgRoleDef& def : builtin_org_roles()) {
        const RoleFilter option{RoleFilter::Kind::kRole, {def.role, std::nullopt}};
        if (ImGui::Selectable(def.name, filter == option)) choose(option);
    }
    for (const CustomRole& custom : customs) {
        const RoleFilter option{RoleFilter::Kind::kRole, {OrgRole::kCustom, custom.id}};
        ImGui::PushID(static_cast<int>(custom.id));
        if (ImGui::Selectable(custom.name.c_str(), filter == option)) choose(option);
        ImGui::PopID();
    }
    ImGui::EndCombo();
}

// The filters' line: the search box, the department and org role filters, and Clear filters while any
// filter (or a status tab other than All) narrows the list. Wraps in a narrow window.
void draw_filters(AppState& state, PeopleView& view) {
    search_field(state, "people-search", &view.filters.query, "Search by name or email", state.px(320));
    const float picker_w = state.px(190);
    flow_same_line(picker_w, state.px(12));
    department_filter_picker(state, "Filter by department", &view.filters.department, departments_of(state),
                             kAllDepartments, kNoDepartment, picker_w);
    if (ImGui::IsItemHovered() && view.filters.department && *view.filters.department) {
        ImGui::SetTooltip("People in this department and every department under it.");
    }
    flow_same_line(picker_w, state.px(8));
    role_filter_picker(state, view, picker_w);
    // Its place is kept while hidden, so that showing it never moves the tabs and the list down.
    const float clear_w = button_width("Clear filters");
    flow_same_line(clear_w, state.px(8));
    if (!any_filter(view)) {
        ImGui::Dummy(ImVec2(clear_w, ImGui::GetFrameHeight()));
    } else if (button("Clear filters")) {
        clear_filters(state, view);
    }
}

// The header row: each column's name, muted and bold, with an arrow at the sorted one. A click sorts by that
// column and a second click reverses it. The view's sort outlives the table (a table made afresh, e.g. by
// another ImGui context, takes it), and a click goes into the view in the same frame.
void sortable_header(AppState& state, PeopleView& view, float row_height) {
    const ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    const auto column = static_cast<int>(view.sort.column);
    const ImGuiSortDirection direction =
        view.sort.descending ? ImGuiSortDirection_Descending : ImGuiSortDirection_Ascending;
    if (specs != nullptr && (specs->SpecsCount != 1 || specs->Specs[0].ColumnIndex != column ||
                             specs->Specs[0].SortDirection != direction)) {
        ImGui::TableSetColumnSortDirection(column, direction, false);
    }
    // The label sits where a body row's text does: a frame's padding down, and the row as tall as theirs.
    const float pad_y = ImGui::GetStyle().FramePadding.y;
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers, row_height - pad_y);
    ImGui::PushStyleColor(ImGuiCol_Text, palette(state.theme).text_muted);
    ImGui::PushFont(state.fonts.bold);
    for (size_t c = 0; c < kPeopleColumnCount; ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c));
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + pad_y);
        ImGui::TableHeader(kColumnNames[c]);
        report_last_item(kColumnSortLabels[c]);
    }
    ImGui::PopFont();
    ImGui::PopStyleColor();
    ImGuiTableSortSpecs* clicked = ImGui::TableGetSortSpecs();
    if (clicked != nullptr && clicked->SpecsDirty) {
        if (clicked->SpecsCount > 0) {
            view.sort.column = static_cast<PeopleColumn>(clicked->Specs[0].ColumnIndex);
            view.sort.descending = clicked->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        }
        clicked->SpecsDirty = false;
        state.request_redraw();
    }
}

void draw_people_table(AppState& state, PeopleView& view, const PeopleRows& rows, ImVec2 size) {
    const Palette& p = palette(state.theme);
    if (view.shown.visible.empty()) {
        ImGui::BeginChild("##people-empty", size, ImGuiChildFlags_Border, ImGuiWindowFlags_NavFlattened);
        ImGui::Dummy(ImVec2(0.0f, state.px(24)));
        const bool filtered = view.filters.department || view.filters.role != RoleFilter{};
        muted_text(state, rows.empty() ? "Nobody is in the organisation yet: add the first person."
                          : filtered   ? "Nobody matches these filters."
                                       : "Nobody matches this search and status.");
        if (!rows.empty() && any_filter(view)) {
            ImGui::PushID("empty");
            if (button("Clear filters")) clear_filters(state, view);
            ImGui::PopID();
        }
        ImGui::EndChild();
        return;
    }
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                       ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_Resizable |
                                       ImGuiTableFlags_NoBordersInBodyUntilResize | ImGuiTableFlags_SizingStretchProp |
                                       ImGuiTableFlags_Sortable;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(state.px(10), state.px(4)));
    if (ImGui::BeginTable("##people", static_cast<int>(kPeopleColumnCount), kFlags, size)) {
        flatten_table_nav();
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(kColumnNames[0], ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_DefaultSort,
                                1.3f);
        ImGui::TableSetupColumn(kColumnNames[1], ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableSetupColumn(kColumnNames[2], ImGuiTableColumnFlags_WidthFixed, state.px(116));
        ImGui::TableSetupColumn(kColumnNames[3], ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(kColumnNames[4], ImGuiTableColumnFlags_WidthStretch, 1.2f);
        const float row_height = ImGui::GetFrameHeight();
        sortable_header(state, view, row_height + 2.0f * ImGui::GetStyle().CellPadding.y);
        refresh_filter(state, view, rows);  // a click on a header sorts now
        const std::vector<std::uint32_t>& visible = view.shown.visible;

        int scroll_to = -1;
        if (view.scroll_to_open && view.open_person) {
            for (size_t i = 0; i < visible.size(); ++i) {
                if (rows[visible[i]].id == *view.open_person) scroll_to = static_cast<int>(i);
            }
            view.scroll_to_open = false;
        }
        // For screen readers: a grid of every person shown, of which the clipper draws the rows in view.
        SemanticScope grid(Role::kGrid, "People");
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(visible.size()));
        if (scroll_to >= 0) clipper.IncludeItemByIndex(scroll_to);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const PersonRow& row = rows[visible[static_cast<size_t>(i)]];
                ImGui::TableNextRow();
                ImGui::PushID(static_cast<int>(row.id));
                SemanticScope grid_row(Role::kRow, row.name.c_str());
                grid_row.row(i, static_cast<int>(visible.size()));
                grid_row.cell(0, row.name);  // whole, where the name may be drawn cut short
                ImGui::TableSetColumnIndex(0);
                const bool selected = view.open_person && *view.open_person == row.id;
                // A long name ends in "…" (whole on hover); the row keeps one ID whatever is shown.
                const std::string shown = elide(row.name, ImGui::GetContentRegionAvail().x);
                if (ImGui::Selectable((shown + "###person").c_str(), selected, ImGuiSelectableFlags_SpanAllColumns,
                                      ImVec2(0.0f, row_height))) {
                    open_person_panel(state, row.id);
                }
                if (shown != row.name) {
                    report_last_item(row.name.c_str());  // found by the whole name
                    full_text_tooltip(row.name);
                }
                if (i == scroll_to) ImGui::SetScrollHereY(0.5f);
                ImGui::TableSetColumnIndex(1);
                ImGui::AlignTextToFramePadding();
                ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
                ImGui::TextUnformatted(row.email.c_str());
                ImGui::PopStyleColor();
                ImGui::TableSetColumnIndex(2);
                status_badge(state, row.status);
                ImGui::TableSetColumnIndex(3);
                ImGui::AlignTextToFramePadding();
                if (row.department.empty()) {
                    ImGui::TextDisabled("\xe2\x80\x94");
                } else {
                    ImGui::TextUnformatted(row.department.c_str());
                }
                ImGui::TableSetColumnIndex(4);
                ImGui::AlignTextToFramePadding();
                ImGui::TextUnformatted(row.roles.c_str());
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
}

// ---- The open person's panel ------------------------------------------------------------------

PersonDetail load_detail(Store& store, Id person) {
    PersonDetail detail;
    detail.person = person;
    detail.user = find_user(store, person);
    if (!detail.user) return detail;
    for (RoleGrant& grant : roles_of(store, person)) {
        std::string by = grant.granted_by ? user_name(store, *grant.granted_by) : std::string();
        detail.roles.push_back({std::move(grant), std::move(by)});
    }
    for (const DirectMembership& m : memberships_of(store, person)) {
        detail.groups.push_back({m.group_id, group_name(store, m.group_id), m.role});
    }
    std::sort(detail.groups.begin(), detail.groups.end(),
              [](const PersonGroupRow& a, const PersonGroupRow& b) { return natural_less(a.group, b.group); });
    return detail;
}

bool form_dirty(const PersonForm& form) {
    return form.email != form.loaded.email || form.first_name != form.loaded.first_name ||
           form.last_name != form.loaded.last_name || form.department != form.loaded.department_id ||
           form.values != form.loaded_values;
}

void load_form(Store& store, PersonForm& form, const User& user, const std::vector<FieldDef>& fields) {
    form.person = user.id;
    form.stamp = store.revision_of(kFormKinds);
    form.loaded = user;
    form.email = user.email;
    form.first_name = user.first_name;
    form.last_name = user.last_name;
    form.department = user.department_id;
    const std::vector<FieldValue> values = field_values(store, user.id);
    form.loaded_values.assign(fields.size(), std::string());
    for (size_t i = 0; i < fields.size(); ++i) {
        for (const FieldValue& v : values) {
            if (v.field_id == fields[i].id) form.loaded_values[i] = v.value;
        }
    }
    form.values = form.loaded_values;
    form.problems.clear();
    form.checked.clear();
    form.scroll_to_problem = false;
}

// The form's changes as one edit: only what differs from the person as loaded.
UserEdit form_edit(const PersonForm& form, const std::vector<FieldDef>& fields) {
    UserEdit edit;
    if (form.email != form.loaded.email) edit.email = form.email;
    if (form.first_name != form.loaded.first_name) edit.first_name = form.first_name;
    if (form.last_name != form.loaded.last_name) edit.last_name = form.last_name;
    if (form.department != form.loaded.department_id) edit.department_id = form.department;
    for (size_t i = 0; i < fields.size() && i < form.values.size(); ++i) {
        if (form.values[i] != form.loaded_values[i]) edit.fields.emplace_back(fields[i].name, form.values[i]);
    }
    return edit;
}

// What the problems were checked against: every value of the form.
std::vector<std::string> form_values(const PersonForm& form) {
    std::vector<std::string> out = {form.email, form.first_name, form.last_name,
                                    form.department ? std::to_string(*form.department) : std::string()};
    out.insert(out.end(), form.values.begin(), form.values.end());
    return out;
}

// Checks every value the form changed with the core's own checks; true when all would be taken.
bool check_form(AppState& state, PersonForm& form) {
    form.problems = user_edit_problems(*state.store, form.person, form_edit(form, fields_of(state)));
    form.checked = form_values(form);
    return form.problems.empty();
}

// Keeps the form on the open person: a new person loads afresh; data changed elsewhere reloads the
// form unless the person has typed into it.
void sync_form(AppState& state, PeopleView& view, const User& user) {
    Store& store = *state.store;
    const std::vector<FieldDef>& fields = fields_of(state);
    PersonForm& form = view.form;
    if (form.person != user.id) {
        form.error.clear();
        form.notice.clear();
        form.status_error.clear();
        form.status_notice.clear();
        load_form(store, form, user, fields);
    } else if (form.values.size() != fields.size() ||
               (form.stamp != store.revision_of(kFormKinds) && !form_dirty(form))) {
        load_form(store, form, user, fields);
    }
}

// Saves the form in one command, unless a value would be refused: then every such value is shown at its
// field, the first one brought into view, and nothing is sent (the core still checks everything when saving).
void save_person(AppState& state, PeopleView& view) {
    Store& store = *state.store;
    PersonForm& form = view.form;
    const std::vector<FieldDef>& fields = fields_of(state);
    if (!check_form(state, form)) {
        form.notice.clear();
        form.error.clear();
        form.scroll_to_problem = true;
        return;
    }
    const UserEdit edit = form_edit(form, fields);
    auto saved = edit_user(store, state.actor, form.person, edit);
    if (saved) {
        form.error.clear();
        form.notice.set_success("Saved.");
        load_form(store, form, *saved, fields);
    } else {
        form.notice.clear();
        form.error = saved.error().message;
    }
}

void set_status(AppState& state, PeopleView& view, UserStatus status) {
    UserEdit edit;
    edit.status = status;
    auto done = edit_user(*state.store, state.actor, view.form.person, edit);
    view.form.status_notice.clear();
    view.form.status_error.clear();
    if (!done) {
        view.form.status_error = done.error().message;
        return;
    }
    const User& user = *done;
    const std::string name = user.display_name();
    view.form.status_notice.set_success(user.status == UserStatus::kDeactivated ? name + " is deactivated."
                                        : user.status == UserStatus::kInvited
                                            ? "The invitation of " + name + " is renewed."
                                            : name + " is active again.");
}

// The person's name, email and status, with the status change beside it.
void draw_panel_title(AppState& state, PeopleView& view, const User& user) {
    const Palette& p = palette(state.theme);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float close_w = ImGui::CalcTextSize(icons::kClose).x + style.FramePadding.x * 2.0f;
    const float right = ImGui::GetWindowContentRegionMax().x;
    const ImVec2 top = ImGui::GetCursorPos();
    ImGui::PushFont(state.fonts.heading);
    ImGui::PushTextWrapPos(right - close_w - style.ItemSpacing.x);
    ImGui::TextUnformatted(user.display_name().c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    const ImVec2 below = ImGui::GetCursorPos();
    ImGui::SetCursorPos(ImVec2(right - close_w, top.y));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    if (icon_button(icons::kClose, "Close")) view.open_person.reset();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ImGui::SetCursorPos(below);
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(user.email.c_str());
    ImGui::PopStyleColor();

    status_badge(state, user.status);
    const bool deactivated = user.status == UserStatus::kDeactivated;
    const char* action = deactivated ? "Reactivate" : "Deactivate";
    ImGui::SameLine();
    ImGui::SetCursorPosX(
        std::max(ImGui::GetCursorPosX(), right - ImGui::CalcTextSize(action).x - style.FramePadding.x * 2.0f));
    if (deactivated ? primary_button(state, action) : button(action)) {
        if (deactivated) {
            set_status(state, view, UserStatus::kActive);
        } else {
            // Taking someone's power to act away is asked first, saying what stays and what goes.
            const size_t groups = state.store != nullptr ? memberships_of(*state.store, user.id).size() : 0;
            const std::string name = user.display_name();
            std::string detail =
                user.status == UserStatus::kInvited
                    ? "Their invitation is withdrawn: they cannot accept it until someone reactivates them."
                    : (groups == 0 ? std::string("They keep their data and roles")
                                   : "They keep their data, their roles and their " +
                                         counted(static_cast<std::int64_t>(groups), "group", "groups")) +
                          ", but can no longer act: whatever they try is refused until someone reactivates them.";
            AppState* app = &state;
            ask_confirm(state, view.confirm, "Deactivate person", "Deactivate " + name + "?", std::move(detail),
                        "Deactivate", [app] { set_status(*app, app->views.people, UserStatus::kDeactivated); });
        }
    }
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("%s", deactivated ? "Lets them act again (or renews an invitation never accepted)."
                                : user.status == UserStatus::kInvited
                                    ? "Withdraws the invitation."
                                    : "Keeps their data and groups, but they can no longer act.");
    }
    if (deactivated) muted_text(state, "Deactivated: keeps their data and groups, but cannot act.");
    error_text(state, view.form.status_error);
    draw_notice(state, view.form.status_notice);
}

// A tinted box around an invitation's explanation, as tall as its text (drawn behind it afterwards).
void draw_invitation_note(AppState& state, const User& user) {
    const Palette& p = palette(state.theme);
    const float pad = state.px(14);
    ImGui::Dummy(ImVec2(0.0f, state.px(4)));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 top_left = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
    ImGui::Indent(pad);
    ImGui::Dummy(ImVec2(0.0f, pad - ImGui::GetStyle().ItemSpacing.y));
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted((std::string(icons::kAbout) + "  Invitation waiting").c_str());
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - pad * 2.0f);
    ImGui::TextUnformatted((user.display_name() +
                            " accepts the invitation themselves: act as them from the top bar, and Grove shows "
                            "them a banner to accept it.")
                               .c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (button(("Act as " + user.display_name()).c_str())) act_as(state, user.id);
    ImGui::Unindent(pad);
    const float bottom = ImGui::GetItemRectMax().y + pad;
    draw->ChannelsSetCurrent(0);
    draw->AddRectFilled(top_left, ImVec2(top_left.x + width, bottom), ImGui::GetColorU32(p.accent_soft),
                        ImGui::GetStyle().ChildRounding);
    draw->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(top_left.x, bottom));
    ImGui::Dummy(ImVec2(0.0f, 0.0f));
}

// The message of the form's problem with `what` (an additional field: `field`), or "".
const std::string& problem_at(const PersonForm& form, ValueProblem::What what, Id field = 0) {
    static const std::string kNone;
    for (const ValueProblem& problem : form.problems)
        if (problem.what == what && (what != ValueProblem::What::kField || problem.field_id == field))
            return problem.message;
    return kNone;
}

// A field's problem under it; the first one drawn is brought into view after a Save that found problems.
void problem_under(AppState& state, PersonForm& form, const char* label, const std::string& message) {
    if (message.empty()) return;
    field_error(state, label, message);
    if (form.scroll_to_problem) {
        ImGui::SetScrollHereY(0.3f);
        form.scroll_to_problem = false;
    }
}

void draw_details(AppState& state, PeopleView& view) {
    using What = ValueProblem::What;
    PersonForm& form = view.form;
    const std::vector<FieldDef>& fields = fields_of(state);
    // Once problems are shown, they follow the values: a corrected one goes, a new one shows.
    if (!form.problems.empty() && form.checked != form_values(form)) check_form(state, form);
    ImGui::Dummy(ImVec2(0.0f, state.px(2)));
    name_fields(state, &form.first_name, &form.last_name, problem_at(form, What::kFirstName),
                problem_at(form, What::kLastName), &form.scroll_to_problem);
    text_field("Email", &form.email);
    problem_under(state, form, "Email", problem_at(form, What::kEmail));
    department_picker(state, "Department", &form.department, departments_of(state), "No department");
    problem_under(state, form, "Department", problem_at(form, What::kDepartment));
    for (size_t i = 0; i < fields.size() && i < form.values.size(); ++i) {
        field_input(fields[i], &form.values[i]);
        problem_under(state, form, fields[i].name.c_str(), problem_at(form, What::kField, fields[i].id));
    }
    ImGui::Dummy(ImVec2(0.0f, state.px(4)));
    const bool dirty = form_dirty(form);
    ImGui::BeginDisabled(!dirty);
    if (primary_button(state, "Save changes")) save_person(state, view);
    ImGui::EndDisabled();
    if (dirty) {
        ImGui::SameLine();
        if (button("Discard")) {
            form.values = form.loaded_values;
            form.email = form.loaded.email;
            form.first_name = form.loaded.first_name;
            form.last_name = form.loaded.last_name;
            form.department = form.loaded.department_id;
            form.error.clear();
            form.problems.clear();
        }
    }
    if (!form.problems.empty()) {
        // Said next to the button too, as the first of them may be far above it.
        error_text(state, "Nothing was saved: " +
                              counted(static_cast<std::int64_t>(form.problems.size()), "value needs", "values need") +
                              " correcting.");
        for (const ValueProblem& problem : form.problems) {
            // One the fields above cannot show (a field that went away meanwhile): said here.
            const bool placed =
                problem.what != What::kField ||
                std::any_of(fields.begin(), fields.end(), [&](const FieldDef& f) { return f.id == problem.field_id; });
            if (!placed) error_text(state, problem.message);
        }
    }
    error_text(state, form.error);
    draw_notice(state, form.notice);
}

void draw_roles(AppState& state, PeopleView& view, const PersonDetail& detail) {
    Store& store = *state.store;
    const Palette& p = palette(state.theme);
    RoleChoice& grant = view.grant;
    ImGui::Dummy(ImVec2(0.0f, state.px(2)));
    if (detail.roles.empty()) muted_text(state, "No org role: takes part through groups only.");
    for (const PersonGrantRow& row : detail.roles) {
        ImGui::PushID(static_cast<int>(row.grant.id));
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(row.grant.label.c_str());
        if (!row.granted_by.empty()) {
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
            ImGui::TextUnformatted(("\xc2\xb7 granted by " + row.granted_by).c_str());
            ImGui::PopStyleColor();
        }
        if (row.grant.role != OrgRole::kOwner) {
            const float width = ImGui::CalcTextSize("Revoke").x + ImGui::GetStyle().FramePadding.x * 2.0f;
            ImGui::SameLine();
            ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - width));
            if (button("Revoke")) {
                AppState* app = &state;
                const RoleSpec spec{row.grant.role, row.grant.custom_role, row.grant.department};
                const Id person = detail.person;
                const std::string label = row.grant.label;
                // Revoking takes power away: asked first.
                ask_confirm(state, view.confirm, "Revoke role",
                            "Revoke " + label + " from " +
                                (detail.user ? detail.user->display_name() : std::string("them")) + "?",
                            "They lose what the role allows at once; it can be granted again later.", "Revoke",
                            [app, spec, person, label] {
                                RoleChoice& choice = app->views.people.grant;
                                auto done = revoke_role(*app->store, app->actor, person, spec);
                                choice = RoleChoice{choice.index, choice.department};
                                if (done) {
                                    choice.revoke_notice.set_success("Revoked " + label + ".");
                                } else {
                                    choice.revoke_error = done.error().message;
                                }
                            });
            }
        }
        ImGui::PopID();
    }
    error_text(state, grant.revoke_error);
    draw_notice(state, grant.revoke_notice);

    section_heading(state, "Grant a role");
    const std::vector<RoleOption> options = role_options(custom_roles_of(state));
    if (grant.index >= static_cast<int>(options.size())) grant.index = -1;
    ImGui::TextUnformatted("Role");
    ImGui::SetNextItemWidth(-1.0f);
    const char* preview = grant.index >= 0 ? options[static_cast<size_t>(grant.index)].name.c_str() : "Choose a role";
    const bool open = begin_combo("Role", "##role", preview);
    if (open) {
        for (size_t i = 0; i < options.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(options[i].name.c_str(), grant.index == static_cast<int>(i))) {
                grant.index = static_cast<int>(i);
                grant.error.clear();
                grant.notice.clear();
            }
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    const RoleOption* chosen = grant.index >= 0 ? &options[static_cast<size_t>(grant.index)] : nullptr;
    if (chosen && chosen->role == OrgRole::kDepartmentAdmin) {
        department_picker(state, "Department to administer", &grant.department, departments_of(state), nullptr);
    }
    ImGui::Dummy(ImVec2(0.0f, state.px(2)));
    ImGui::BeginDisabled(chosen == nullptr);
    if (button("Grant")) {
        grant = RoleChoice{grant.index, grant.department};
        RoleSpec spec{chosen->role, chosen->custom, std::nullopt};
        if (chosen->role == OrgRole::kDepartmentAdmin) spec.department = grant.department;
        if (chosen->role == OrgRole::kDepartmentAdmin && !spec.department) {
            // The core takes a Department Admin role without a department as org-wide: never send one.
            grant.error = "Choose the department they will administer.";
        } else if (auto done = grant_role(store, state.actor, detail.person, spec)) {
            grant.notice.set_success("Granted " + chosen->name + ".");
            grant.index = -1;
            grant.department.reset();
        } else {
            grant.error = done.error().message;
        }
    }
    ImGui::EndDisabled();
    error_text(state, grant.error);
    draw_notice(state, grant.notice);
}

void draw_groups(AppState& state, const PersonDetail& detail) {
    const Palette& p = palette(state.theme);
    ImGui::Dummy(ImVec2(0.0f, state.px(2)));
    if (detail.groups.empty()) {
        muted_text(state, "Not a direct member of any group.");
        return;
    }
    muted_text(state, "Groups they belong to directly, with their role there.");
    if (ImGui::BeginTable("##person-groups", 2, ImGuiTableFlags_SizingStretchProp)) {
        flatten_table_nav();
        ImGui::TableSetupColumn("Group", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Role", ImGuiTableColumnFlags_WidthFixed);
        for (const PersonGroupRow& row : detail.groups) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(row.group.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::PushStyleColor(ImGuiCol_Text, row.role == GroupRole::kMember ? p.text_muted : p.accent);
            ImGui::TextUnformatted(group_role_name(row.role));
            ImGui::PopStyleColor();
        }
        ImGui::EndTable();
    }
}

void draw_person_panel(AppState& state, PeopleView& view, ImVec2 size) {
    Store& store = *state.store;
    const Palette& p = palette(state.theme);
    const Id person = *view.open_person;
    if (view.detail.value.person != person) view.detail.invalidate();
    const PersonDetail& detail = view.detail.get(store, kDetailKinds, [&] { return load_detail(store, person); });
    if (!detail.user) {
        view.open_person.reset();
        return;
    }
    const User& user = *detail.user;
    sync_form(state, view, user);

    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(20), state.px(16)));
    ImGui::BeginChild("##person-panel", size, ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NavFlattened);
    ImGui::PopStyleVar();
    ImGui::PushID(static_cast<int>(person));
    draw_panel_title(state, view, user);
    if (user.status == UserStatus::kInvited) draw_invitation_note(state, user);
    ImGui::Dummy(ImVec2(0.0f, state.px(6)));
    const int counts[] = {-1, static_cast<int>(detail.roles.size()), static_cast<int>(detail.groups.size())};
    for (int i = 0; i < 3; ++i) {
        const auto tab = static_cast<PanelTab>(i);
        if (i > 0)
            flow_same_line(tab_button_width(state, kPanelTabs[i], counts[i], view.panel_tab == tab), state.px(4));
        if (tab_button(state, kPanelTabs[i], counts[i], view.panel_tab == tab)) view.panel_tab = tab;
    }
    hairline(state);
    switch (view.panel_tab) {
        case PanelTab::kDetails: draw_details(state, view); break;
        case PanelTab::kRoles: draw_roles(state, view, detail); break;
        case PanelTab::kGroups: draw_groups(state, detail); break;
    }
    ImGui::Dummy(ImVec2(0.0f, state.px(8)));
    ImGui::PopID();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

// ---- Add person -----------------------------------------------------------------------------

void draw_add_dialog(AppState& state, PeopleView& view) {
    Store& store = *state.store;
    NewPersonForm& form = view.add;
    if (view.open_add) {
        view.open_add = false;
        form = NewPersonForm{};
        open_dialog(kAddDialog);
    }
    if (!begin_dialog(state, kAddDialog, 520)) return;
    const std::vector<FieldDef>& fields = fields_of(state);
    form.values.resize(fields.size());
    muted_text(state,
               "They can take part at once. To invite someone by email instead, add them to a group from "
               "the group's page.");
    ImGui::Spacing();
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();  // the email field
    text_field("Email", &form.email, "name@example.org");
    name_fields(state, &form.first_name, &form.last_name);
    department_picker(state, "Department", &form.department, departments_of(state), "No department");
    if (!fields.empty()) {
        section_heading(state, "Additional fields");
        for (size_t i = 0; i < fields.size(); ++i) field_input(fields[i], &form.values[i]);
    }
    ImGui::Spacing();
    error_text(state, form.error);
    ImGui::Spacing();
    const bool changed = !form.email.empty() || !form.first_name.empty() || !form.last_name.empty() ||
                         form.department.has_value() ||
                         std::any_of(form.values.begin(), form.values.end(), [](const auto& v) { return !v.empty(); });
    const DialogAction action = dialog_buttons(state, {.primary = "Add", .changed = changed});
    if (action == DialogAction::kPrimary) {
        NewUser user{form.email, form.first_name, form.last_name, form.department, {}};
        for (size_t i = 0; i < fields.size(); ++i) {
            if (!trim(form.values[i]).empty()) user.fields.emplace_back(fields[i].name, form.values[i]);
        }
        if (auto added = add_user(store, state.actor, user); added) {
            view.notice.set_success("Added " + added->display_name() + ".");
            open_person_panel(state, added->id);
            view.panel_tab = PanelTab::kDetails;
            close_dialog();
        } else {
            form.error = added.error().message;
        }
    }
    if (action == DialogAction::kCancel) close_dialog();
    end_dialog();
}

}  // namespace

const PeopleRows& cached_people_rows(AppState& state) {
    Store& store = *state.store;
    PeopleRows& rows = state.views.people.rows;
    const std::uint64_t now = store.revision_of(kRowKinds);
    if (now == rows.stamp) return rows;
    const PeopleChanges changes = people_changes_since(store, rows.mark);
    // Reading some rows costs more per row than reading them all: past an eighth of them, everyone.
    const std::size_t most = std::max<std::size_t>(1000, rows.size() / 8);
    if (changes.everything || rows.stamp == std::numeric_limits<std::uint64_t>::max() || changes.people.size() > most) {
        reload_rows(rows, people_rows(store));
    } else if (!changes.people.empty()) {
        patch_rows(store, rows, changes.people);
    }
    rows.mark = changes.mark;
    rows.stamp = now;
    return rows;
}

void open_person_panel(AppState& state, Id person) {
    PeopleView& view = state.views.people;
    state.screen = Screen::People;
    if (view.open_person != person) view.grant = RoleChoice{};
    view.open_person = person;
    view.scroll_to_open = true;
    state.request_redraw();
}

void draw_people_screen(AppState& state) {
    const std::string add_label = std::string(icons::kPlus) + "  Add person";
    if (!state.store) {
        page_header(state, "People");
        return;
    }
    PeopleView& view = state.views.people;
    if (header_with_action(state, "People",
                           "Everyone in the organisation: search, edit their details, roles and status.",
                           add_label.c_str())) {
        view.open_add = true;
        view.open_person.reset();
        view.notice.clear();
    }

    const PeopleRows& rows = cached_people_rows(state);
    forget_missing_filters(state, view);
    refresh_filter(state, view, rows);

    // The filters, then the status tabs with their counts under the filters; each line wraps when narrow.
    draw_filters(state, view);
    refresh_filter(state, view, rows);  // a filter may have changed just now: the tabs count what it shows
    for (size_t i = 0; i < kStatusTabCount; ++i) {
        if (i > 0) {
            flow_same_line(
                tab_button_width(state, kTabNames[i], view.shown.counts[i], view.tab == static_cast<StatusTab>(i)),
                state.px(4));
        }
        const StatusTab tab = static_cast<StatusTab>(i);
        if (tab_button(state, kTabNames[i], view.shown.counts[i], view.tab == tab)) {
            view.tab = tab;
            state.request_redraw();
        }
    }
    refresh_filter(state, view, rows);  // the tab may have changed just now
    if (!view.notice.empty()) {
        ImGui::SameLine(0.0f, state.px(16));
        draw_notice(state, view.notice);
    }
    ImGui::Dummy(ImVec2(0.0f, state.px(4)));

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = state.px(16);
    if (view.open_person && avail.x < state.px(kStackBelow)) {
        // Narrow: the person's panel goes under the table at full width, so neither is squeezed to a few
        // letters; both keep a useful height and the page scrolls when the window is short.
        const float table_h = std::max(state.px(180), std::floor(avail.y * 0.4f));
        draw_people_table(state, view, rows, ImVec2(avail.x, table_h));
        ImGui::Dummy(ImVec2(0.0f, gap - ImGui::GetStyle().ItemSpacing.y * 2.0f));
        draw_person_panel(state, view, ImVec2(avail.x, std::max(state.px(380), avail.y - table_h - gap)));
    } else {
        const float panel_width = view.open_person ? std::min(state.px(kPanelWidth), avail.x * 0.5f) : 0.0f;
        const float table_width = view.open_person ? avail.x - panel_width - gap : avail.x;
        draw_people_table(state, view, rows, ImVec2(table_width, avail.y));
        if (view.open_person) {
            ImGui::SameLine(0.0f, gap);
            draw_person_panel(state, view, ImVec2(panel_width, avail.y));
        }
    }
    draw_add_dialog(state, view);
    draw_confirm(state, view.confirm);
}

}  // namespace grove::ui
