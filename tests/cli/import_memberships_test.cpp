// Being written.
#include <doctest/doctest.h>
