// Everything the core offers, for the shell and the command line.
#pragma once

#include "core/access.h"
#include "core/audit.h"
#include "core/demo.h"
#include "core/departments.h"
#include "core/groups.h"
#include "core/lookup.h"
#include "core/memberships.h"
#include "core/model.h"
#include "core/org.h"
#include "core/oversight.h"
#include "core/people.h"
#include "core/permissions.h"
#include "core/result.h"
#include "core/roles.h"
#include "core/store.h"
#include "core/text.h"
