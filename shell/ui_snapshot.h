// What the last frame drew, by label and text: the view that UI tests (and window.groveUi) drive.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct ImGuiContext;

namespace grove::ui {

// What a widget or a region is to a screen reader (the browser's mirror, web/grove_a11y.js, gives each its ARIA role).
// Items take kButton, kCheckbox (ImGui's Checkable flag) or kTreeItem (Openable) unless tagged; an item inside a menu
// is a kMenuItem, inside a tab list a kTab. The rest are containers (SemanticScope).
enum class Role : std::uint8_t {
    kButton,
    kCheckbox,
    kTextbox,
    kMultiline,
    kPassword,
    kLink,
    kMenuItem,
    kTab,
    kCombobox,
    kOption,  // a choice in a combo box's list
    kProgressbar,
    kHeading,
    kTreeItem,
    // Containers.
    kTree,
    kGrid,
    kRow,
    kMenu,
    kListbox,  // a combo box's open list
    kDialog,
    kTabList,
    kTabPanel,
    kNavigation,
    kStatus,
    kAlert,
    kGroup,
};
// "button", "treeitem", ...: the ARIA role's name.
const char* role_name(Role role);

// Coordinates are ImGui's (the framebuffer's pixels in Grove); the browser converts to CSS pixels.
struct UiSnapshot {
    struct Item {
        std::string label;  // visible text: no "##..." suffix, no icon glyphs
        float x = 0, y = 0, w = 0, h = 0;
        float value = -1.0f;  // a progress bar's fraction done (0..1); -1 for every other item
        // Semantics (for the screen-reader mirror): ImGui's ID, the role, the container it sits in (an index into
        // containers, -1 for none), a text field's text (never a password's), a checkbox's state (-1 when none).
        std::uint32_t id = 0;
        Role role = Role::kButton;
        int parent = -1;
        std::string text;
        int checked = -1;  // a tab, an option: selected
        int expanded = -1;
        int column = -1;  // in a row: its table column
    };
    // A region around items (a tree, a row, a dialog, the sidebar, a status line): begun before the item at
    // `first_item` and holding what was submitted until it ended. Its rectangle holds its items'.
    struct Container {
        std::uint32_t id = 0;
        Role role = Role::kGroup;
        std::string label;  // its name: a dialog's title, a tree's name, a tree item's group
        std::string text;   // a status or an alert: what it says (the text drawn inside it)
        int parent = -1;
        int first_item = 0;
        float x = 0, y = 0, w = 0, h = 0;
        int level = 0;       // a tree item's depth, from 1
        int expanded = -1;   // a tree item with children: 1 open, 0 closed
        int selected = -1;   // a tree item, a tab: 1 selected, 0 not
        int row_index = 0;   // a row's place in the whole list, from 1 (rows the clipper skipped count)
        int row_count = -1;  // a grid's rows, all of them
        // A row: what each of its table's columns shows, in column order (a column that shows nothing is left out),
        // so a screen reader reads the whole row and not only its first control.
        std::vector<std::string> cells;
        std::vector<int> cell_columns;     // parallel to cells: each one's table column
        std::vector<std::string> columns;  // a grid drawn as a table: its columns' headers, in column order
        bool modal = false;                // a dialog that keeps the rest of the screen out of reach
    };
    // Where a drawn string sits: its first pixel and its size as drawn (not clipped), for layout tests.
    struct TextBox {
        float x = 0, y = 0, w = 0, h = 0;
    };
    std::vector<Item> items;          // every labelled widget, in submission order, clipped to what is visible
    std::vector<std::string> texts;   // every string drawn (Text(), button labels, headings, ...)
    std::vector<TextBox> text_boxes;  // parallel to texts
    // Characters the frame drew without a glyph of their own (as a fallback box or "?"): a script
    // whose font is missing or still loading. 0 when every character was drawn as itself.
    int missing_glyphs = 0;
    std::vector<Container> containers;  // in the order they began; items and containers name them by index
    std::uint32_t focus_id = 0;         // the item with the keyboard focus (shown by ImGui's focus ring), or 0
    std::uint32_t text_id = 0;          // the text field being edited, or 0

    // The nth item whose label is exactly `label`, or nullptr.
    const Item* find(std::string_view label, int nth = 0) const;
    // The nth container with `role` whose label is exactly `label` (any label when empty), or nullptr.
    const Container* find_container(Role role, std::string_view label = {}, int nth = 0) const;
    // Whether some drawn text contains `needle`.
    bool has_text(std::string_view needle) const;
    // The box of the nth drawn text that is exactly `text`, or nullptr.
    const TextBox* find_text(std::string_view text, int nth = 0) const;
};

// Starts recording items and text for `ctx`, every frame from now on, until the context is destroyed.
void install_ui_recorder(ImGuiContext* ctx);

// The snapshot of the last frame that `ctx` (the current context when null) finished.
const UiSnapshot& last_ui_snapshot(ImGuiContext* ctx = nullptr);

// The last messages ImGui sent through its test-engine log hook (newest last), for debugging.
const std::vector<std::string>& ui_log(ImGuiContext* ctx = nullptr);

// For custom widgets (ItemAdd + ButtonBehavior, or an icon-only button): records the last item
// under `label`, as ImGui's own widgets do, so that tests and screen readers find it by that name.
void report_last_item(const char* label);
// For a progress bar just drawn (ImGui::ProgressBar adds its item without an ID, so report_last_item would
// skip it): records it under `label` with the fraction done as its value.
void report_last_progress(const char* label, float fraction);

// ---- Semantics a widget cannot tell through ImGui's hooks: called right after the widget, or around a region. ----

// Records the last item under `label` (as report_last_item) with `role`; `state` (when 0 or 1) is a checkbox's
// checked or a tab's selected.
void report_last_item(const char* label, Role role, int state = -1);
// Records the text field just drawn (InputText and kin) under `label` with its text (a password's stays out).
void report_text_field(const char* label, const std::string& text, Role role = Role::kTextbox);
// Records a combo box (ImGui::BeginCombo with an ID `id` and no visible label) under `label`, with the value it shows
// and whether its list is open; call right after BeginCombo, whatever it returned. The list's items are options, the
// one labelled `value` selected.
void report_combo(std::uint32_t id, const char* label, const std::string& value, bool open);
// Records the text just drawn (a page's title) as a heading: a region of its own (a container), not an item.
void report_heading(const char* text);

// A region of the screen for screen readers, from here to the end of the scope:
//     ui::SemanticScope tree(ui::Role::kTree, "Groups");
//     ... for each visible row: ui::SemanticScope row(ui::Role::kTreeItem, name); row.tree_item(depth + 1, open, sel);
// A status or an alert region takes the text drawn inside it as what it says.
class SemanticScope {
public:
    SemanticScope(Role role, const char* label);
    ~SemanticScope();
    SemanticScope(const SemanticScope&) = delete;
    SemanticScope& operator=(const SemanticScope&) = delete;
    // A tree item: depth from 1, open (-1 when it has no children), selected.
    void tree_item(int level, int expanded, bool selected);
    // A row of a list drawn by a clipper: its index in the whole list (from 0) and the list's row count, which
    // the grid around it takes as its aria-rowcount.
    void row(int index, int count);
    // A tab or a tree item: whether it is the selected one.
    void selected(bool on);
    // A row: what its table column `column` says, in place of the text drawn there (a name drawn cut short, an
    // avatar's initials beside it). Columns not named so take the text drawn in them.
    void cell(int column, std::string text);

private:
    int index_ = -1;
};

// A label as a person reads it: up to "##", without icon glyphs (Private Use Area), trimmed.
std::string visible_label(std::string_view raw);

}  // namespace grove::ui
