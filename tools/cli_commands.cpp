// The command table: every `grove` command, its arguments, its help text and its handler.
#include "cli_spec.h"

namespace grove::cli {

const std::vector<CommandSpec>& commands() {
    static const std::vector<CommandSpec> kCommands = {
        // The organisation.
        {.words = {"init"},
         .options = {{"org", "NAME", "the organisation's name", false, true},
                     {"plan", "PLAN", "trial, starter, essentials, complete or enterprise", false, true},
                     {"owner", "EMAIL", "the owner's email", false, true},
                     {"first", "NAME", "the owner's first name", false, true},
                     {"last", "NAME", "the owner's last name", false, true}},
         .summary = "Create the organisation and its owner in a new database file",
         .details = "Creates the database file if it is missing, then the organisation on its plan and the owner,\n"
                    "who holds every permission and acts by default in every other command. The plan caps the\n"
                    "number of groups: Trial 1, Starter 1, Essentials 5, Complete 20, Enterprise unlimited.",
         .examples = {"grove --db school.grove init --org \"Hill School\" --plan essentials --owner ada@hill.org "
                      "--first Ada --last Lovelace"},
         .handler = cmd_init,
         .db = DbUse::kCreate},
        {.words = {"org", "show"},
         .summary = "Show the organisation: name, plan, counts, owner",
         .details = "Prints the organisation's name, its plan and group cap, how many groups and people it has,\n"
                    "its owner and when it was created.",
         .examples = {"grove --db school.grove org show"},
         .handler = cmd_org_show,
         .reads = true},
        {.words = {"org", "plan"},
         .positionals = {{"PLAN"}},
         .summary = "Change the organisation's plan",
         .details = "Changes the plan (trial, starter, essentials, complete, enterprise). Refused when the\n"
                    "organisation already has more groups than the new plan allows.",
         .examples = {"grove --db school.grove org plan complete"},
         .handler = cmd_org_plan},
        {.words = {"org", "rename"},
         .positionals = {{"NAME"}},
         .summary = "Rename the organisation",
         .details = "Gives the organisation a new name.",
         .examples = {"grove --db school.grove org rename \"Hill Academy\""},
         .handler = cmd_org_rename},
        {.words = {"org", "lock", "set"},
         .summary = "Require a passphrase to act as anyone with an org role, or change it",
         .details = "Reads the new passphrase from standard input, one line (at least 8 characters). When a lock is\n"
                    "already set this changes it: the first line is then the current passphrase, the second the new\n"
                    "one. While a lock is set, acting as a person who holds an org role (Owner, Admin, the manager\n"
                    "roles, Department Admin, a custom role) needs the passphrase in GROVE_PASSPHRASE or in the file\n"
                    "given by --passphrase-file; members, mentors and group admins act without it. Grove keeps only\n"
                    "an Argon2id hash of it in this database, never in a Grove file (docs/security.md).",
         .examples = {"printf '%s\\n' \"$NEW\" | grove --db school.grove org lock set",
                      "printf '%s\\n%s\\n' \"$CURRENT\" \"$NEW\" | grove --db school.grove org lock set"},
         .handler = cmd_org_lock_set,
         .proves_passphrase = true},
        {.words = {"org", "lock", "clear"},
         .summary = "Remove the passphrase lock (reads the current passphrase)",
         .details = "Reads the current passphrase from standard input, one line, and removes the lock: acting as\n"
                    "anyone then needs no passphrase. A wrong passphrase is refused, and the next try waits.",
         .examples = {"printf '%s\\n' \"$CURRENT\" | grove --db school.grove org lock clear"},
         .handler = cmd_org_lock_clear,
         .proves_passphrase = true},

        // People and their additional fields.
        {.words = {"user", "add"},
         .positionals = {{"EMAIL"}},
         .options = {{"first", "NAME", "first name", false, true},
                     {"last", "NAME", "last name", false, true},
                     {"department", "SLUG", "the department the person belongs to"},
                     {"field", "KEY=VALUE", "a value of an additional field (see grove help field add)", true}},
         .summary = "Add a person to the organisation",
         .details = "Adds an active person. The email must be new to the organisation (case does not matter).",
         .examples = {"grove --db school.grove user add grace@hill.org --first Grace --last Hopper "
                      "--department science --field \"Job Title=Teacher\""},
         .handler = cmd_user_add},
        {.words = {"user", "edit"},
         .positionals = {{"EMAIL"}},
         .options = {{"first", "NAME", "new first name"},
                     {"last", "NAME", "new last name"},
                     {"email", "EMAIL", "new email"},
                     {"department", "SLUG", "move the person into this department"},
                     {"no-department", nullptr, "take the person out of any department"},
                     {"field", "KEY=VALUE", "set an additional field; an empty VALUE clears it", true},
                     {"deactivate", nullptr, "deactivate the person: they can no longer act"},
                     {"activate", nullptr, "reactivate a deactivated person"}},
         .choices = {{{"first", "last", "email", "department", "no-department", "field", "deactivate", "activate"},
                      1,
                      8},
                     {{"department", "no-department"}, 0, 1},
                     {{"deactivate", "activate"}, 0, 1}},
         .summary = "Edit a person: name, email, department, fields, status",
         .details = "Changes what is given and keeps the rest. Nobody may edit a person who holds power the\n"
                    "editor does not hold.",
         .examples = {"grove --db school.grove user edit grace@hill.org --department maths --field \"Job Title=Head\"",
                      "grove --db school.grove user edit grace@hill.org --deactivate"},
         .handler = cmd_user_edit},
        {.words = {"user", "list"},
         .options = {{"search", "TEXT", "only people whose name or email contains TEXT (case and accents ignored)"}},
         .summary = "List people, one a line, in natural name order",
         .details = "Prints each person as \"Name <email>  status  department\".",
         .examples = {"grove --db school.grove user list --search hopper"},
         .handler = cmd_user_list,
         .reads = true},
        {.words = {"user", "show"},
         .positionals = {{"EMAIL"}},
         .summary = "Show one person: status, department, fields, roles, groups",
         .details = "Prints a person's status, department, additional fields, org roles and the groups they\n"
                    "belong to directly, with their role in each.",
         .examples = {"grove --db school.grove user show grace@hill.org"},
         .handler = cmd_user_show,
         .reads = true},
        {.words = {"invitation", "accept"},
         .options = {{"first", "NAME", "your first name, if the invitation has none yet"},
                     {"last", "NAME", "your last name, if the invitation has none yet"}},
         .summary = "Accept the invitation of the person given by --as",
         .details = "Someone added to a group by an email unknown to the organisation is invited; they accept\n"
                    "the invitation themselves and become active. Only the invited person may accept, so this\n"
                    "command needs --as. A first and a last name are needed (unless the invitation has them).",
         .examples = {"grove --db school.grove --as new@hill.org invitation accept --first Ivy --last Ingram"},
         .handler = cmd_invitation_accept,
         .needs_as = true},
        {.words = {"field", "add"},
         .positionals = {{"KEY"}},
         .options = {{"type", "TYPE", "text, number, date (YYYY-MM-DD) or choice", false, true},
                     {"choices", "A,B,C", "the choices of a choice field, separated by commas"}},
         .summary = "Define an additional field for people",
         .details = "Defines a field every person may have a value for, e.g. Job Title, Hire Date or Location.\n"
                    "Values are checked against the type when people are added or edited.",
         .examples = {"grove --db school.grove field add \"Hire Date\" --type date",
                      "grove --db school.grove field add Location --type choice --choices North,South"},
         .handler = cmd_field_add},
        {.words = {"field", "list"},
         .summary = "List the additional fields and their types",
         .details = "Prints each additional field with its type, and the choices of a choice field.",
         .examples = {"grove --db school.grove field list"},
         .handler = cmd_field_list,
         .reads = true},
        {.words = {"field", "rename"},
         .positionals = {{"NAME"}, {"NEW-NAME"}},
         .summary = "Rename an additional field",
         .details = "Gives a field a new name. The name may not be another field's (case ignored) nor a person's\n"
                    "own column (email, first name, last name, department, status, group, role). Smart groups\n"
                    "whose rules read the field keep working and show the new name.",
         .examples = {"grove --db school.grove field rename \"Job Titel\" \"Job Title\""},
         .handler = cmd_field_rename},
        {.words = {"field", "choices"},
         .positionals = {{"NAME"}, {"CHOICE", Arity::kMany}},
         .options = {{"map", "OLD=NEW", "people holding OLD get the new choice NEW instead", true}},
         .summary = "Change the choices of a choice field",
         .details = "Replaces a choice field's choices with the ones given, in that order. A value people hold\n"
                    "that is not among the new choices must be mapped to one of them with --map OLD=NEW; their\n"
                    "values change in the same step. Refused when a smart group's rule compares the field with a\n"
                    "choice that would go.",
         .examples = {"grove --db school.grove field choices Location North South East",
                      "grove --db school.grove field choices Location North South --map Nort=North"},
         .handler = cmd_field_choices},
        {.words = {"field", "delete"},
         .positionals = {{"NAME"}},
         .options = {{"with-values", nullptr, "also delete the values people hold"}},
         .summary = "Delete an additional field",
         .details = "Deletes a field. A field people hold values of is refused, with the count, unless\n"
                    "--with-values is given: then the values go too. Refused while a smart group's rule reads\n"
                    "the field, naming the group.",
         .examples = {"grove --db school.grove field delete \"Shoe Size\" --with-values"},
         .handler = cmd_field_delete},

        // Departments.
        {.words = {"department", "create"},
         .positionals = {{"NAME"}},
         .options = {{"parent", "SLUG", "put it under this department"}},
         .summary = "Create a department; prints its slug",
         .details = "Creates a department of the org chart, at the top or under another department, and prints\n"
                    "its slug, which other commands take.",
         .examples = {"grove --db school.grove department create Science",
                      "grove --db school.grove department create Physics --parent science"},
         .handler = cmd_department_create},
        {.words = {"department", "rename"},
         .positionals = {{"SLUG"}, {"NAME"}},
         .summary = "Rename a department",
         .details = "Gives a department a new name; its slug stays.",
         .examples = {"grove --db school.grove department rename science \"Natural Sciences\""},
         .handler = cmd_department_rename},
        {.words = {"department", "move"},
         .positionals = {{"SLUG"}},
         .options = {{"parent", "SLUG", "put it under this department"}, {"root", nullptr, "move it to the top"}},
         .choices = {{{"parent", "root"}, 1, 1}},
         .summary = "Move a department under another, or to the top",
         .details = "Moves a department and everything below it. A department cannot go inside itself.",
         .examples = {"grove --db school.grove department move physics --parent science"},
         .handler = cmd_department_move},
        {.words = {"department", "delete"},
         .positionals = {{"SLUG"}},
         .summary = "Delete a department; its people and sub-departments move up",
         .details = "Deletes a department. Its sub-departments and its people move to its parent department\n"
                    "(or, at the top, to no department). Department Admin roles over it move to the parent\n"
                    "department (one line each); a top-level department with such roles is refused.",
         .examples = {"grove --db school.grove department delete physics"},
         .handler = cmd_department_delete},
        {.words = {"department", "list"},
         .summary = "Show the org chart, indented by depth",
         .details = "Prints every department as \"Name (slug) · N people\", indented two spaces per level, siblings\n"
                    "in natural order. The count is of people directly in the department.",
         .examples = {"grove --db school.grove department list"},
         .handler = cmd_department_list,
         .reads = true},

        // Org roles.
        {.words = {"role", "grant"},
         .positionals = {{"EMAIL"}, {"ROLE"}},
         .options = {{"department", "SLUG", "the department subtree of a department-admin role"}},
         .summary = "Grant an org role to a person",
         .details = "ROLE is admin, org-group-manager, group-user-manager, department-admin (with --department),\n"
                    "or a custom role's name. Nobody may grant a role carrying power they do not hold.",
         .examples = {"grove --db school.grove role grant grace@hill.org org-group-manager",
                      "grove --db school.grove role grant alan@hill.org department-admin --department science"},
         .handler = cmd_role_grant},
        {.words = {"role", "revoke"},
         .positionals = {{"EMAIL"}, {"ROLE"}},
         .options = {{"department", "SLUG", "the department subtree of a department-admin role"}},
         .summary = "Take an org role away from a person",
         .details = "Takes away a role granted before; the same power rule as granting applies. The Owner role\n"
                    "cannot be revoked.",
         .examples = {"grove --db school.grove role revoke grace@hill.org org-group-manager"},
         .handler = cmd_role_revoke},
        {.words = {"role", "define"},
         .positionals = {{"NAME"}},
         .options = {{"permissions", "P1,P2", "permission keys, separated by commas", false, true}},
         .summary = "Define a custom role: a named set of permissions",
         .details = "Defines a role that can then be granted by its name. Permission keys are shown by\n"
                    "grove help permissions: org.settings, users.manage, departments.manage, roles.grant,\n"
                    "roles.define, groups.create, groups.edit, groups.delete, groups.people, reports.view,\n"
                    "audit.view, courses.manage. Nobody may define a role carrying permissions they do not hold.",
         .examples = {"grove --db school.grove role define Registrar --permissions users.manage,reports.view"},
         .handler = cmd_role_define},
        {.words = {"role", "rename"},
         .positionals = {{"NAME"}, {"NEW-NAME"}},
         .summary = "Rename a custom role",
         .details = "NAME is a custom role's name (ignoring case); built-in roles keep their names. The new name\n"
                    "may not be another role's. Prints who holds the role: they keep it under its new name.",
         .examples = {"grove --db school.grove role rename Registrar \"Records Office\""},
         .handler = cmd_role_rename},
        {.words = {"role", "edit"},
         .positionals = {{"NAME"}},
         .options = {{"permissions", "P1,P2", "the role's permission keys from now on, separated by commas", false,
                      true}},
         .summary = "Change a custom role's permissions",
         .details = "Replaces the role's permissions with the keys given (as role define takes them). Every\n"
                    "permission added must be one you hold across the organisation; removing needs no more.\n"
                    "The change reaches everyone holding the role at once: prints what it adds and removes,\n"
                    "and who holds it.",
         .examples = {"grove --db school.grove role edit Registrar --permissions users.manage,audit.view"},
         .handler = cmd_role_edit},
        {.words = {"role", "delete"},
         .positionals = {{"NAME"}},
         .options = {{"revoke", nullptr, "revoke the role from everyone holding it, and delete it"}},
         .summary = "Delete a custom role",
         .details = "A role still held is refused, naming the people holding it, unless --revoke is given: then\n"
                    "it is revoked from each of them (the same power rule as role revoke) and deleted, at once.",
         .examples = {"grove --db school.grove role delete Registrar",
                      "grove --db school.grove role delete Registrar --revoke"},
         .handler = cmd_role_delete},
        {.words = {"role", "list"},
         .positionals = {{"EMAIL", Arity::kOptional}},
         .options = {{"custom", nullptr, "list the custom roles and their permissions instead"}},
         .summary = "List who holds which org role, or one person's roles",
         .details = "Without EMAIL, prints every role held, one \"Name <email>  Role\" a line; with EMAIL, that\n"
                    "person's roles with when they were granted and by whom; with --custom, the custom roles.",
         .examples = {"grove --db school.grove role list", "grove --db school.grove role list grace@hill.org"},
         .handler = cmd_role_list,
         .reads = true},

        // Groups.
        {.words = {"group", "create"},
         .positionals = {{"NAME"}},
         .options = {{"parent", "SLUG", "nest the new group under this group"},
                     {"description", "TEXT", "what the group is for"},
                     {"external-id", "SYSTEM=VALUE", "an ID in another system, e.g. rostering=R-9", true},
                     {"rule", "RULE", "make it a smart group with this rule (see grove help group rule set)"}},
         .summary = "Create a group; prints its slug",
         .details = "Creates a group, at the top or nested under another, and prints its new slug (made from\n"
                    "the name, unique). Refused beyond the plan's group cap. With --rule it is a smart group:\n"
                    "everyone the rule matches joins at once, and a second line says how many\n"
                    "(\"12 match: +12 join, -0 leave\").",
         .examples =
             {"grove --db school.grove group create \"Grade 9\" --description \"Ninth graders\"",
              "grove --db school.grove group create \"Grade 9 Science\" --parent grade-9",
              "grove --db school.grove group create Teachers --rule 'field \"Job Title\" contains \"teacher\"'"},
         .handler = cmd_group_create},
        {.words = {"group", "edit"},
         .positionals = {{"SLUG"}},
         .options = {{"name", "NAME", "new name (the slug stays)"},
                     {"description", "TEXT", "new description; \"\" clears it"},
                     {"external-id", "SYSTEM=VALUE", "replaces all the external IDs with those given", true}},
         .choices = {{{"name", "description", "external-id"}, 1, 3}},
         .summary = "Rename a group or change its description or external IDs",
         .details = "Changes what is given and keeps the rest.",
         .examples = {"grove --db school.grove group edit grade-9 --name \"Grade Nine\""},
         .handler = cmd_group_edit},
        {.words = {"group", "move"},
         .positionals = {{"SLUG"}},
         .options = {{"parent", "SLUG", "nest it under this group"}, {"root", nullptr, "make it a top-level group"}},
         .choices = {{{"parent", "root"}, 1, 1}},
         .summary = "Nest a group under another, or make it top-level",
         .details = "Moves a group with everything below it. A move that would put a group inside itself is\n"
                    "refused.",
         .examples = {"grove --db school.grove group move grade-9 --parent district",
                      "grove --db school.grove group move grade-9 --root"},
         .handler = cmd_group_move},
        {.words = {"group", "delete"},
         .positionals = {{"SLUG"}},
         .options = {{"with-subgroups", nullptr, "delete every group below it too"},
                     {"lift-subgroups", nullptr, "move its subgroups up to its parent"},
                     {"dry-run", nullptr, "only say what deleting would do"}},
         .choices = {{{"with-subgroups", "lift-subgroups"}, 1, 1}},
         .summary = "Delete a group, with its subgroups or lifting them up",
         .details = "Deletes a group and its memberships; the people stay in the organisation. Say what happens\n"
                    "to its subgroups: deleted with it, or lifted to its parent (or to the top level).",
         .examples = {"grove --db school.grove group delete grade-9 --lift-subgroups",
                      "grove --db school.grove group delete grade-9 --with-subgroups --dry-run"},
         .handler = cmd_group_delete},
        {.words = {"group", "list"},
         .options = {{"sort", "ORDER", "newest (the default) or title (natural order: Grade 9 before Grade 10)"}},
         .summary = "Show the group tree with user counts",
         .details = "Prints every group as \"Name (slug) · N users\", indented two spaces per level of nesting.\n"
                    "The count is of people with a direct membership.",
         .examples = {"grove --db school.grove group list --sort title"},
         .handler = cmd_group_list,
         .reads = true},
        {.words = {"group", "show"},
         .positionals = {{"SLUG"}},
         .summary = "Show one group: description, parent, inheritance, external IDs, users",
         .details = "Prints a group's name, slug, description, parent, whether its ancestors' staff reach its\n"
                    "members, its external IDs, user and subgroup counts, and when it was created.",
         .examples = {"grove --db school.grove group show grade-9"},
         .handler = cmd_group_show,
         .reads = true},
        {.words = {"group", "inherit"},
         .positionals = {{"SLUG"}, {"on|off"}},
         .summary = "Turn inherited oversight from parent groups on or off",
         .details = "With inheritance on (the default), the mentors and group admins of the parent groups reach\n"
                    "this group's members; off, only the group's own staff do.",
         .examples = {"grove --db school.grove group inherit grade-9-science off"},
         .handler = cmd_group_inherit},
        {.words = {"group", "copy"},
         .positionals = {{"SLUG"}},
         .options = {{"from-group", "SLUG", "add the direct members of this group"},
                     {"from-department", "SLUG", "add the people of this department and those below it"},
                     {"role", "ROLE", "member (the default), mentor or admin"},
                     {"change-roles", nullptr, "also give people already in the group that role, up or down"},
                     {"dry-run", nullptr, "only say what copying would do, naming every role change"}},
         .choices = {{{"from-group", "from-department"}, 1, 1}},
         .summary = "Fill a group with the people of another group or a department",
         .details = "Adds everyone from the source in one role. People already in the group keep their role\n"
                    "unless --change-roles is given; people who already hold that role or a stronger one\n"
                    "through a group above get no direct membership. The output and the audit log name\n"
                    "everyone whose role changed.",
         .examples = {"grove --db school.grove group copy grade-9 --from-department science --role mentor",
                      "grove --db school.grove group copy grade-9 --from-group staff --change-roles --dry-run"},
         .handler = cmd_group_copy},

        // Smart groups: a rule adds and removes members by itself; pins, exclusions, and why.
        {.words = {"group", "rule", "set"},
         .positionals = {{"SLUG"}, {"RULE"}},
         .options = {{"dry-run", nullptr, "only say what the rule would do, naming who joins and who leaves"}},
         .summary = "Give a group a rule (a smart group), applied at once",
         .details = "Makes the group smart, or replaces its rule, and prints \"N match: +J join, -L leave\". From\n"
                    "then on people join and leave by themselves whenever they change. RULE is one argument in the\n"
                    "rule language of docs/rules.md: conditions on email, first name, last name, status,\n"
                    "department, additional fields, courses and other groups, joined by and, or, not and\n"
                    "parentheses. A rule that does not parse is refused with its column (rule:1:27: ...).\n"
                    "Pinned people stay in, excluded people out; staff are left alone. With --dry-run, also\n"
                    "lists who would join (+) and leave (-), and changes nothing. Needs groups.people org-wide.",
         .examples = {"grove --db school.grove group rule set teachers 'field \"Job Title\" contains \"teacher\"'",
                      "grove --db school.grove group rule set science-staff 'department is under \"science\" and "
                      "status is active' --dry-run"},
         .handler = cmd_group_rule_set},
        {.words = {"group", "rule", "show"},
         .positionals = {{"SLUG"}},
         .summary = "Print a smart group's rule, its pins and exclusions",
         .details = "Prints the rule on the first line, with today's names of the fields, departments, courses and\n"
                    "groups it reads, then one line per pinned or excluded person, saying who did it and why:\n"
                    "\"pinned: Bo Chen <bo@hill.org> (Ana Hill: covers for Ms Ray)\". A group without a rule is an\n"
                    "error (exit 1).",
         .examples = {"grove --db school.grove group rule show teachers"},
         .handler = cmd_group_rule_show,
         .reads = true},
        {.words = {"group", "rule", "clear"},
         .positionals = {{"SLUG"}},
         .summary = "Take a group's rule away; it keeps its members",
         .details = "The group becomes a manual group: its current members stay, as members added by hand, and its\n"
                    "pins and exclusions go.",
         .examples = {"grove --db school.grove group rule clear teachers"},
         .handler = cmd_group_rule_clear},
        {.words = {"group", "rule", "copy"},
         .positionals = {{"FROM"}, {"TO"}},
         .summary = "Give a group the rule of another group",
         .details = "Gives TO the rule of FROM (not FROM's pins and exclusions), applied at once, and prints\n"
                    "\"N match: +J join, -L leave\" as group rule set does.",
         .examples = {"grove --db school.grove group rule copy teachers teachers-2027"},
         .handler = cmd_group_rule_copy},
        {.words = {"group", "pin"},
         .positionals = {{"SLUG"}, {"EMAIL", Arity::kMany}},
         .options = {{"reason", "TEXT", "why they are pinned, shown by group why"}},
         .summary = "Pin people in a smart group: always in, whatever the rule says",
         .details = "Pins everyone named, all or nothing; pinning an excluded person lifts the exclusion, and pinning\n"
                    "someone pinned already with --reason gives them the new reason (without it, the old one stays).\n"
                    "Who may pin is who may add members.",
         .examples = {"grove --db school.grove group pin teachers cy@hill.org --reason \"Covers for Ms Ray\""},
         .handler = cmd_group_pin},
        {.words = {"group", "unpin"},
         .positionals = {{"SLUG"}, {"EMAIL", Arity::kMany}},
         .summary = "Lift pins: the rule decides again",
         .details = "Unpins everyone named; each stays in the group only if the rule matches them.",
         .examples = {"grove --db school.grove group unpin teachers cy@hill.org"},
         .handler = cmd_group_unpin},
        {.words = {"group", "exclude"},
         .positionals = {{"SLUG"}, {"EMAIL", Arity::kMany}},
         .options = {{"reason", "TEXT", "why they are excluded, shown by group why"}},
         .summary = "Exclude people from a smart group: never in, whatever the rule says",
         .details = "Excludes everyone named, all or nothing, and takes them out of the group; excluding a pinned\n"
                    "person lifts the pin. Who may exclude is who may remove members.",
         .examples = {"grove --db school.grove group exclude teachers bo@hill.org --reason \"On leave\""},
         .handler = cmd_group_exclude},
        {.words = {"group", "unexclude"},
         .positionals = {{"SLUG"}, {"EMAIL", Arity::kMany}},
         .summary = "Lift exclusions: the rule decides again",
         .details = "Lifts the exclusion of everyone named; each joins the group again if the rule matches them.",
         .examples = {"grove --db school.grove group unexclude teachers bo@hill.org"},
         .handler = cmd_group_unexclude},
        {.words = {"group", "why"},
         .positionals = {{"SLUG"}, {"EMAIL"}},
         .summary = "Say why a person is in or out of a group",
         .details = "Prints one line beginning \"in:\" or \"out:\" and the reason: pinned or excluded (by whom, and\n"
                    "why), the conditions of the rule that decided with the person's values, a staff role added\n"
                    "by hand, or, in a group without a rule, whether they are a member.",
         .examples = {"grove --db school.grove group why teachers bo@hill.org"},
         .handler = cmd_group_why,
         .reads = true},
        {.words = {"rule", "check"},
         .positionals = {{"RULE"}},
         .summary = "Check a rule and print how many people it matches",
         .details = "Parses RULE against today's fields, departments, courses and groups and prints the number of\n"
                    "people it matches; changes nothing. A rule that does not parse is an error naming its line\n"
                    "and column: rule:1:27: expected a quoted value after 'contains'.",
         .examples = {"grove --db school.grove rule check 'course \"Algebra\" is completed after 2026-09-01'"},
         .handler = cmd_rule_check,
         .reads = true},

        // A group's people.
        {.words = {"member", "add"},
         .positionals = {{"SLUG"}, {"EMAIL", Arity::kMany}},
         .options = {{"role", "ROLE", "member (the default), mentor or admin"},
                     {"pin", nullptr, "in a smart group, pin the members added so they stay whatever its rule says"},
                     {"reason", "TEXT", "with --pin: why they are pinned"}},
         .summary = "Add people to a group by email; unknown emails are invited",
         .details = "Adds every person named, all or nothing. An email nobody has yet creates an invitation\n"
                    "(see grove help invitation accept). Someone already in the group takes the role given. In a\n"
                    "smart group, adding a member the rule does not match is refused unless --pin is given.",
         .examples = {"grove --db school.grove member add grade-9 grace@hill.org alan@hill.org --role mentor",
                      "grove --db school.grove member add teachers cy@hill.org --pin --reason \"Covers for Ms Ray\""},
         .handler = cmd_member_add},
        {.words = {"member", "role"},
         .positionals = {{"SLUG"}, {"EMAIL"}, {"ROLE"}},
         .summary = "Promote or demote a person within a group",
         .details = "ROLE is member, mentor or admin (a group admin is also called a leader).",
         .examples = {"grove --db school.grove member role grade-9 grace@hill.org admin"},
         .handler = cmd_member_role},
        {.words = {"member", "remove"},
         .positionals = {{"SLUG"}, {"EMAIL"}},
         .summary = "Remove a person from a group",
         .details = "Removes a direct membership; the person stays in the organisation. A role inherited from\n"
                    "a parent group is removed in that group. In a smart group, removing a pinned member lifts the\n"
                    "pin (they stay if the rule matches them); a member there by the rule is excluded instead\n"
                    "(see grove help group exclude).",
         .examples = {"grove --db school.grove member remove grade-9 grace@hill.org"},
         .handler = cmd_member_remove},
        {.words = {"member", "list"},
         .positionals = {{"SLUG"}},
         .summary = "List a group's people with role, and how each is there",
         .details = "Prints each person as \"Name <email>  Role  SOURCE\". SOURCE is direct (added by hand), rule or\n"
                    "pinned (a member of a smart group: by its rule, or pinned in), or \"inherited from GROUP\" for\n"
                    "staff of a parent group who reach this group. Direct people come first, strongest role first.",
         .examples = {"grove --db school.grove member list grade-9"},
         .handler = cmd_member_list,
         .reads = true},

        // Learning: courses, a learner's work, reviews, the digest.
        {.words = {"course", "create"},
         .positionals = {{"NAME"}},
         .options = {{"description", "TEXT", "what the course is for"}},
         .summary = "Create a course (a learning path); prints its slug",
         .details = "Creates a course without steps and prints its slug, which other commands take (they take its\n"
                    "name too). Needs the courses.manage permission (Owner, Admin, or a custom role with it).",
         .examples = {"grove --db school.grove course create Algebra --description \"Equations and proofs\""},
         .handler = cmd_course_create},
        {.words = {"course", "list"},
         .summary = "List the courses with their steps and enrolments",
         .details = "Prints each course as \"Name (slug) · N steps · M enrolled\", in natural order of names.",
         .examples = {"grove --db school.grove course list"},
         .handler = cmd_course_list,
         .reads = true},
        {.words = {"course", "show"},
         .positionals = {{"COURSE"}},
         .summary = "Show a course and its steps, numbered from 1",
         .details = "Prints the course's name and slug, its description, how many steps and people it has, then\n"
                    "each step as \"N. Title · kind\", with \"· for review\" and \"· P points\" where they apply.\n"
                    "COURSE is the course's slug or name.",
         .examples = {"grove --db school.grove course show algebra"},
         .handler = cmd_course_show,
         .reads = true},
        {.words = {"course", "step", "add"},
         .positionals = {{"COURSE"}, {"TITLE"}},
         .options = {{"kind", "KIND", "lesson (the default), assignment, discussion or quiz"},
                     {"review", nullptr, "mark the step for review: completing it means submitting an answer"},
                     {"points", "N", "the most points a review can award (a whole number)"}},
         .summary = "Add a step at the end of a course; prints its number",
         .details = "Appends a step to the course and prints its number. A step marked for review is completed by\n"
                    "submitting an answer, which the learner's mentors review; --points gives the review a\n"
                    "maximum. Needs courses.manage.",
         .examples = {"grove --db school.grove course step add algebra \"Proofs\" --kind assignment --review "
                      "--points 10"},
         .handler = cmd_course_step_add},
        {.words = {"course", "enrol"},
         .positionals = {{"COURSE"}, {"EMAIL", Arity::kMany}},
         .summary = "Enrol people in a course",
         .details = "Enrols everyone named, all or nothing; someone enrolled already stays as they are. Course\n"
                    "managers enrol anyone; a person enrols themselves (grove --as EMAIL course enrol COURSE EMAIL).",
         .examples = {"grove --db school.grove course enrol algebra ann@hill.org bo@hill.org"},
         .handler = cmd_course_enrol},
        {.words = {"step", "complete"},
         .positionals = {{"COURSE"}, {"STEP"}},
         .options = {{"answer", "TEXT", "the answer to a step marked for review"}},
         .summary = "Complete a step as the acting person, or submit an answer",
         .details = "Completes the step for the person given by --as, who must be enrolled in the course. STEP is\n"
                    "its number or its exact title. A step marked for review needs --answer and becomes a\n"
                    "submission pending review: every mentor who oversees the learner is notified.",
         .examples = {"grove --db school.grove --as ann@hill.org step complete algebra 1",
                      "grove --db school.grove --as ann@hill.org step complete algebra Proofs --answer \"x = 2\""},
         .handler = cmd_step_complete},
        {.words = {"discuss"},
         .positionals = {{"COURSE"}, {"STEP"}, {"TEXT"}},
         .summary = "Post in a step's discussion as the acting person",
         .details = "Posts TEXT in the discussion of a step, as the person given by --as: someone enrolled in the\n"
                    "course, or a course manager.",
         .examples = {"grove --db school.grove --as ann@hill.org discuss algebra 3 \"Why does this work?\""},
         .handler = cmd_discuss},
        {.words = {"review", "list"},
         .options = {{"group", "SLUG",
                      "only the work of this group's members (and its subgroups' where oversight "
                      "reaches)"},
                     {"member", "EMAIL", "only this person's work"},
                     {"by-step", nullptr, "grouped by course and step, oldest first within each"}},
         .summary = "List the work waiting for the acting person's review, oldest first",
         .details = "Prints one pending submission a line, tab-separated: ID, WAITING (like 3d 4h), EMAIL, COURSE\n"
                    "(its slug), STEP (its number) and STEP-TITLE. Without options: everything the acting person\n"
                    "may review (their members' work, inherited oversight included; everything for a course\n"
                    "manager), never their own. Give an ID to review give.",
         .examples = {"grove --db school.grove --as bo@hill.org review list --group grade-9 --by-step"},
         .handler = cmd_review_list},
        {.words = {"review", "give"},
         .positionals = {{"ID"}},
         .options = {{"points", "N", "points awarded, from 0 to the step's maximum"},
                     {"feedback", "TEXT", "feedback for the learner"}},
         .choices = {{{"points", "feedback"}, 1, 2}},
         .summary = "Review a submission: points and/or feedback",
         .details = "Reviews the pending submission ID (from review list): the mentors and group admins who\n"
                    "oversee the learner, and course managers, may; nobody reviews their own work. The item\n"
                    "leaves every queue, and the output says the learner's grade in the course.",
         .examples = {"grove --db school.grove --as bo@hill.org review give 7 --points 8 --feedback \"Good proof\""},
         .handler = cmd_review_give},
        {.words = {"notifications"},
         .options = {{"unread", nullptr, "only the notifications not read yet"},
                     {"keep-unread", nullptr, "list them without marking them read"}},
         .summary = "The acting person's notifications, newest first; marks them read",
         .details = "Prints one notification a line, tab-separated: TIME (UTC), unread or read, the review ID of\n"
                    "the work it is about, and what happened (\"Ann Lee submitted step 2 of Algebra: Proofs\").\n"
                    "Listing them reads them: those shown are marked read, so the next --unread shows only\n"
                    "newer ones (unless --keep-unread).",
         .examples = {"grove --db school.grove --as bo@hill.org notifications --unread"},
         .handler = cmd_notifications},
        {.words = {"progress"},
         .positionals = {{"EMAIL"}},
         .options = {{"course", "COURSE", "only this course"}},
         .summary = "A person's progress and grade in each course they are enrolled in",
         .details = "Prints a line per course, tab-separated: the course's slug, progress (completed steps of all\n"
                    "steps) and grade (points awarded of the points of the reviewed steps; \"—\" before any). The\n"
                    "person themselves, those who oversee them, and course managers may look.",
         .examples = {"grove --db school.grove progress ann@hill.org --course algebra"},
         .handler = cmd_progress},
        {.words = {"activity"},
         .positionals = {{"EMAIL"}},
         .summary = "What a person did and received, newest first",
         .details = "Prints steps completed, submissions, discussion posts and reviews received, one a line,\n"
                    "tab-separated: TIME (UTC), what happened, and the answer, post or feedback where there is one.\n"
                    "The person themselves, those who oversee them, and course managers may look.",
         .examples = {"grove --db school.grove --as bo@hill.org activity ann@hill.org"},
         .handler = cmd_activity},
        {.words = {"digest"},
         .options = {{"o", "FILE.html", "save it as one self-contained HTML file instead"}},
         .summary = "The acting person's weekly digest: reviews waiting, members' progress",
         .details = "Prints the digest of the person given by --as (the owner by default): the work waiting for\n"
                    "their review with how long it has waited, and for each group with the digest on, each\n"
                    "member's progress over the last seven days. With -o, writes it as one email-ready HTML file.",
         .examples = {"grove --db school.grove --as bo@hill.org digest",
                      "grove --db school.grove --as bo@hill.org "
                      "digest -o digest.html"},
         .handler = cmd_digest},
        {.words = {"group", "digest"},
         .positionals = {{"SLUG"}, {"on|off"}},
         .summary = "Turn one's weekly digest on or off for a group",
         .details = "The digest is on by default for every group the acting person directly mentors or manages;\n"
                    "this turns it off or on again for one group, for the acting person only.",
         .examples = {"grove --db school.grove --as bo@hill.org group digest grade-9 off"},
         .handler = cmd_group_digest},

        // History.
        {.words = {"audit"},
         .options = {{"limit", "N", "at most N entries (default 50, or all with --csv; 0 for all)"},
                     {"group", "SLUG", "only entries about this group"},
                     {"person", "EMAIL", "only entries by or about this person"},
                     {"search", "TEXT", "only entries whose text contains TEXT"},
                     {"from", "DATE", "only entries on or after this day (YYYY-MM-DD, UTC)"},
                     {"to", "DATE", "only entries on or before this day (YYYY-MM-DD, UTC)"},
                     {"details", nullptr, "under an entry that lists many people, print each of them"},
                     {"csv", nullptr, "print the entries as the CSV file the app exports"}},
         .summary = "Show the audit log, newest first",
         .details = "Prints who did what and when, one entry a line: \"TIME  SUMMARY\" with the time in ISO 8601\n"
                    "(UTC). A change to many people (an upload, a copy, a rule's joins and leaves) is one entry\n"
                    "listing them all: --details prints them under it, and --person finds it by anyone it lists.\n"
                    "With --csv, prints the same file as the app's Export CSV instead (columns at, actor,\n"
                    "actor_email, action, summary, group, person, person_email; a row for each person listed).\n"
                    "Needs the audit.view permission.",
         .examples = {"grove --db school.grove audit --limit 10", "grove --db school.grove audit --group grade-9",
                      "grove --db school.grove audit --from 2026-09-01 --to 2026-09-30 --csv > september.csv"},
         .handler = cmd_audit},
        {.words = {"undo"},
         .summary = "Undo the acting person's latest change",
         .details = "Steps back the latest change of the person given by --as (the owner by default) that is not\n"
                    "undone yet: a whole upload or import is one change. Undoing is itself a change, audited\n"
                    "(\"undid: ...\"), and is refused, saying why, when someone's later change touched the same\n"
                    "records, or when the person may no longer do what the change did. The last 100 changes of\n"
                    "each person are kept.",
         .examples = {"grove --db school.grove undo", "grove --db school.grove --as bo@hill.org undo"},
         .handler = cmd_undo},
        {.words = {"redo"},
         .summary = "Redo the change the acting person undid last",
         .details = "Does again the change the acting person undid last (audited \"redid: ...\"). A new change\n"
                    "by the person clears what they could redo.",
         .examples = {"grove --db school.grove redo"},
         .handler = cmd_redo},
        {.words = {"history"},
         .options = {{"limit", "N", "at most N steps (default 20, 0 for all 100 kept)"}},
         .summary = "Show the acting person's changes that undo and redo step through",
         .details = "Prints the acting person's kept changes, newest first, one a line: \"TIME  LABEL\", with\n"
                    "\"(undone)\" after those redo would do again.",
         .examples = {"grove --db school.grove history --limit 5"},
         .handler = cmd_history},
        // Exchange: uploads, reports, the organisation as JSON.
        {.words = {"import", "users"},
         .positionals = {{"FILE"}},
         .options = {{"map", "HEADER=FIELD",
                      "read the column HEADER as FIELD (email, first_name, last_name, department, group, role, an "
                      "additional field, or ignore to skip it)",
                      true},
                     {"dry-run", nullptr, "print what would be applied, and the errors, and change nothing"}},
         .summary = "Add or update people from a CSV file (50 MB at most)",
         .details = "Reads a CSV of people: email, first name and last name columns, and optionally department\n"
                    "(slug or name), group (slug or name) with role, and additional fields by name. Headers match\n"
                    "ignoring case, spaces and underscores. A person whose email exists (any case) is updated.\n"
                    "Every bad row is reported as FILE:LINE: reason, and then nothing is applied.",
         .examples = {"grove --db school.grove import users staff.csv",
                      "grove --db school.grove import users staff.csv --map \"E-mail=email\" --dry-run"},
         .handler = cmd_import_users},
        {.words = {"import", "memberships"},
         .positionals = {{"FILE"}},
         .options = {{"map", "HEADER=FIELD", "read the column HEADER as FIELD (as for import users; ignore skips it)",
                      true},
                     {"invite", nullptr, "invite emails nobody has yet into their group, as member add does"},
                     {"group", "SLUG", "put everyone into this group (the file needs no group column)"},
                     {"dry-run", nullptr, "print what would be applied, and the errors, and change nothing"}},
         .summary = "Put people into groups from a CSV file (3 MB at most)",
         .details = "Reads a CSV of email, group (slug or name) and an optional role (member, mentor or admin;\n"
                    "member by default). The people file of import users is accepted too. All or nothing.\n"
                    "An email nobody has is an error, or with --invite an invitation. With --group, every row\n"
                    "goes into that group and a group cell may only name it.",
         .examples = {"grove --db school.grove import memberships grade-9.csv",
                      "grove --db school.grove import memberships class-9a.csv --group class-9a --invite"},
         .handler = cmd_import_memberships},
        {.words = {"import", "progress"},
         .positionals = {{"FILE"}},
         .options = {{"dry-run", nullptr, "print what would be recorded, and the errors, and change nothing"}},
         .summary = "Record enrolments, completions and submissions from an LMS's CSV",
         .details = "Reads a CSV of email, course (slug or name), step (number or exact title) and completed_at\n"
                    "(ISO 8601, e.g. 2026-11-25T09:30:00Z), optionally answer and points. People are enrolled\n"
                    "where needed; a step marked for review needs an answer and waits for review, unless points\n"
                    "are given: then the LMS graded it, and it is recorded as reviewed by the person importing.\n"
                    "Work already recorded is left as it is. Every bad row is reported as FILE:LINE: reason, and\n"
                    "then nothing is applied. Needs courses.manage.",
         .examples = {"grove --db school.grove import progress lms.csv --dry-run"},
         .handler = cmd_import_progress},
        {.words = {"export", "json"},
         .options = {{"o", "FILE", "write to FILE instead of standard output"}},
         .summary = "Export the whole organisation as a Grove JSON file",
         .details = "Writes every record of the organisation in the format of docs/exchange-format.md. Another\n"
                    "planner imports it with import json. Needs the reports.view permission.",
         .examples = {"grove --db school.grove export json -o hill.json"},
         .handler = cmd_export_json,
         .reads = true},
        {.words = {"import", "json"},
         .positionals = {{"FILE"}},
         .options = {{"prefer", "ours|theirs", "settle every conflict for this side"},
                     {"dry-run", nullptr, "print what would change, and the conflicts, and change nothing"}},
         .summary = "Restore or merge a Grove JSON file (1 GB at most)",
         .details = "Into a database without an organisation, restores the file. Into the same organisation,\n"
                    "merges the other planner's work: independent changes merge by themselves; the same field\n"
                    "changed differently on both sides, or a record changed on one side and deleted on the\n"
                    "other, is a conflict, and the import is refused with the list unless --prefer is given.",
         .examples = {"grove --db mine.grove import json theirs.json --dry-run",
                      "grove --db mine.grove import json theirs.json --prefer theirs"},
         .handler = cmd_import_json,
         .db = DbUse::kEither},
        {.words = {"import", "oneroster"},
         .positionals = {{"PATH"}},
         .options = {{"dry-run", nullptr, "print what would change, and the errors, and change nothing"}},
         .summary = "Import a OneRoster 1.1 CSV roster (a .zip or a folder of its files)",
         .details = "Reads manifest.csv, orgs.csv, users.csv, classes.csv and enrollments.csv (and keeps courses.csv\n"
                    "and academicSessions.csv): orgs become departments, users people, classes groups under one\n"
                    "group per school, enrollments memberships. Records are matched by sourcedId (external ID\n"
                    "oneroster), so the next day's file updates them; status tobedeleted removes. Every bad row is\n"
                    "reported as FILE:LINE: reason, and then nothing is applied. Needs the org.import permission.",
         .examples = {"grove --db school.grove import oneroster roster.zip --dry-run",
                      "grove --db school.grove import oneroster exports/oneroster/"},
         .handler = cmd_import_oneroster},
        {.words = {"export", "oneroster"},
         .options = {{"o", "FILE.zip", "write the zip to FILE.zip", false, true}},
         .summary = "Export the organisation as a OneRoster 1.1 bulk zip",
         .details = "Writes manifest.csv (oneroster.version 1.1), orgs.csv, users.csv, classes.csv and\n"
                    "enrollments.csv, and courses.csv and academicSessions.csv when an import kept them. The zip\n"
                    "imports back unchanged. Needs the reports.view permission.",
         .examples = {"grove --db school.grove export oneroster -o roster.zip"},
         .handler = cmd_export_oneroster,
         .reads = true},
        {.words = {"import", "moodle-users"},
         .positionals = {{"FILE.csv"}},
         .options = {{"dry-run", nullptr, "print what would change, and the errors, and change nothing"}},
         .summary = "Import a Moodle upload-users CSV file (people and their cohorts)",
         .details = "Reads username, firstname, lastname and email (other columns are ignored): people are matched\n"
                    "by username (external ID moodle), then by email, and their names and email updated, or added.\n"
                    "cohort1, cohort2, ... make the person a member of the group whose Moodle ID, slug or name the\n"
                    "cell gives; profile_field_<shortname> fills the additional field of that name (case, spaces\n"
                    "and underscores ignored). Every bad row is reported as FILE:LINE: reason, and then nothing is\n"
                    "applied. Needs the org.import permission.",
         .examples = {"grove --db school.grove import moodle-users users.csv --dry-run"},
         .handler = cmd_import_moodle_users},
        {.words = {"export", "moodle-users"},
         .options = {{"o", "FILE.csv", "write the CSV to FILE.csv", false, true}},
         .summary = "Export the active people as a Moodle upload-users CSV file",
         .details = "Writes username, firstname, lastname, email and cohort1..N (each person's groups by the\n"
                    "idnumber export moodle-cohorts gives them), as Moodle's Upload users accepts. A person without\n"
                    "a Moodle username gets their email in lower case. The file imports back unchanged. Needs the\n"
                    "reports.view permission.",
         .examples = {"grove --db school.grove export moodle-users -o users.csv"},
         .handler = cmd_export_moodle_users,
         .reads = true},
        {.words = {"export", "moodle-cohorts"},
         .options = {{"o", "FILE.csv", "write the CSV to FILE.csv", false, true}},
         .summary = "Export the groups as a Moodle cohort upload CSV file",
         .details = "Writes name, idnumber and description of every group, as Moodle's Upload cohorts accepts.\n"
                    "The idnumber is the group's Moodle ID (external ID moodle), else its slug. Upload it before\n"
                    "the users file. Needs the reports.view permission.",
         .examples = {"grove --db school.grove export moodle-cohorts -o cohorts.csv"},
         .handler = cmd_export_moodle_cohorts,
         .reads = true},
        {.words = {"import", "canvas-groups"},
         .positionals = {{"PATH"}},
         .options = {{"dry-run", nullptr, "print what would change, and the errors, and change nothing"}},
         .summary = "Import Canvas SIS group files (a .zip or a folder of its files)",
         .details = "Reads group_categories.csv, groups.csv and groups_membership.csv (at least one), and users.csv\n"
                    "when present: categories become top-level groups, groups their subgroups, memberships\n"
                    "memberships, users people (matched by canvas ID, then email). Without users.csv, a user_id must\n"
                    "be a person's canvas ID or email. Records keep their Canvas IDs as external ID canvas (a\n"
                    "category's as category:ID), so the next file updates them; status deleted removes. Every bad\n"
                    "row is reported as FILE:LINE: reason, and then nothing is applied. Needs org.import.",
         .examples = {"grove --db school.grove import canvas-groups canvas.zip --dry-run",
                      "grove --db school.grove import canvas-groups exports/canvas/"},
         .handler = cmd_import_canvas_groups},
        {.words = {"export", "canvas-groups"},
         .options = {{"o", "FILE.zip", "write the zip to FILE.zip", false, true}},
         .summary = "Export the organisation's groups as Canvas SIS group files (a zip)",
         .details = "Writes users.csv, group_categories.csv, groups.csv and groups_membership.csv. Top-level\n"
                    "groups become categories and the groups below them their groups; a group deeper than two\n"
                    "levels is named by its path below the category (Class 1 / Team A). The zip imports back\n"
                    "unchanged. Needs the reports.view permission.",
         .examples = {"grove --db school.grove export canvas-groups -o canvas.zip"},
         .handler = cmd_export_canvas_groups,
         .reads = true},
        {.words = {"report"},
         .positionals = {{"groups|memberships"}},
         .options = {{"o", "FILE", "write to FILE instead of standard output"}},
         .summary = "The group report or the membership report as CSV",
         .details = "groups: group_id, group_name, slug, description, created_date, parent_group_id,\n"
                    "parent_group_name. memberships: membership_id, user_id, first_name, last_name, email,\n"
                    "group_id, group_name, member_role, group_parent_id, membership_created_date, then how each\n"
                    "person is in the group. Needs the reports.view permission.",
         .examples = {"grove --db school.grove report memberships -o memberships.csv"},
         .handler = cmd_report,
         .reads = true},
        {.words = {"export", "group-users"},
         .positionals = {{"SLUG"}},
         .options = {{"o", "FILE", "write to FILE instead of standard output"}},
         .summary = "A group's users as CSV",
         .details = "Writes the people of a group, direct and inherited, in the people upload's columns. Needs\n"
                    "reports.view, or being a group admin of the group.",
         .examples = {"grove --db school.grove export group-users grade-9 -o grade-9.csv"},
         .handler = cmd_export_group_users,
         .reads = true},
    };
    return kCommands;
}

}  // namespace grove::cli
