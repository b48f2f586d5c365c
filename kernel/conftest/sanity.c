// SPDX-License-Identifier: GPL-2.0-only
/* Must always compile: otherwise the compile tests themselves are broken. */
#include <linux/module.h>

int p2pbench_conftest(void);

int p2pbench_conftest(void)
{
	return 0;
}
