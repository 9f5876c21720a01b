// The UI tests' organisation (shell_fixture.h).
#include "shell_fixture.h"

#include <doctest/doctest.h>
#include <utility>

#include "../must.h"
#include "core/org/departments.h"
#include "core/org/groups.h"
#include "core/org/org.h"
#include "core/org/people.h"
#include "shell/store_link.h"

namespace grove::ui::testing {

using grove::testing::must;

ShellFixture::ShellFixture(const Options& options) {
    StoreOptions store_options;
    store_options.seed = options.seed;
    if (options.clock_start) {
        clock_ms = *options.clock_start;
        store_options.clock = [this, step = options.clock_step] { return clock_ms += step; };
    }
    store = must(Store::open(":memory:", store_options));
    must(init_org(*store, {"Riverside", options.plan, options.owner_email, "Olivia", "Owens"}));
    owner = *owner_id(*store);
}

ShellFixture::ShellFixture(std::unique_ptr<Store> restored) : store(std::move(restored)) { owner = *owner_id(*store); }

void ShellFixture::attach(Screen screen) {
    state.platform = &platform;
    attach_store(state, *store);
    state.screen = screen;
}

Id ShellFixture::person(const std::string& email, const std::string& first, const std::string& last,
                        std::optional<Id> department) {
    return must(add_user(*store, owner, {email, first, last, department, {}})).id;
}

Id ShellFixture::group(const std::string& name, std::optional<Id> parent) {
    return must(create_group(*store, owner, {name, "", parent, {}, std::nullopt})).id;
}

Id ShellFixture::department(const std::string& name, std::optional<Id> parent) {
    return must(create_department(*store, owner, name, parent)).id;
}

}  // namespace grove::ui::testing
