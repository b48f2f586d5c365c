// SPDX-License-Identifier: GPL-2.0-only
/* The control-file layer without the module: errors must say what is
 * wrong, and a refused RUN must leave a well-defined point behind. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dev.h"
#include "runopts.h"
#include "unit.h"

static void open_names_the_file(void)
{
	char err[512] = "";

	setenv("P2PBENCH_CTL", "/nonexistent/p2pbench/ctl", 1);
	CHECK(!strcmp(dev_ctl_path(), "/nonexistent/p2pbench/ctl"));
	CHECK(dev_open(err, sizeof(err)) == -1);
	CHECK(strstr(err, "/nonexistent/p2pbench/ctl: No such file or directory") != NULL);
	unsetenv("P2PBENCH_CTL");
	CHECK(!strcmp(dev_ctl_path(), P2PBENCH_CTL));
}

/* An fd that is not the control file refuses every ioctl with ENOTTY. */
static void refused_run_is_well_defined(void)
{
	struct point p;
	int fd = open("/dev/null", O_RDWR);

	CHECK(fd >= 0);
	memset(&p, 0xa5, sizeof(p));
	runopts_init(&p.run);
	CHECK(run_point(fd, &p) == -ENOTTY);
	CHECK(p.refused_errno == ENOTTY);
	CHECK(p.result.msg[0] == '\0' && p.result.verdict == 0 && p.result.status == 0);
	close(fd);
}

static void info_and_setup_errors(void)
{
	struct p2pbench_info info;
	struct p2pbench_bdf e = { .bus = 3 }, i = { .bus = 4 };
	char err[512] = "";
	int fd = open("/dev/null", O_RDWR);

	CHECK(dev_info(fd, &info, err, sizeof(err)) == -1 && errno == ENOTTY);
	CHECK(strstr(err, "P2PBENCH_IOC_INFO") != NULL);
	CHECK(dev_setup(fd, 2, &e, &i, 0, err, sizeof(err)) == -1);
	CHECK(strstr(err, "SETUP exporter 0000:03:00.0 BAR 2, importer 0000:04:00.0") != NULL);
	close(fd);
}

static void refusals_with_msg(void)
{
	CHECK(dev_refusal_has_msg(EINVAL) && dev_refusal_has_msg(ENODEV));
	CHECK(dev_refusal_has_msg(EOPNOTSUPP) && dev_refusal_has_msg(ERANGE));
	CHECK(dev_refusal_has_msg(ENXIO));
	CHECK(!dev_refusal_has_msg(EFAULT) && !dev_refusal_has_msg(ENOTTY));
}

int main(void)
{
	RUN(open_names_the_file);
	RUN(refused_run_is_well_defined);
	RUN(info_and_setup_errors);
	RUN(refusals_with_msg);
	return UNIT_DONE();
}
