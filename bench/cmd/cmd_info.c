// SPDX-License-Identifier: GPL-2.0-only
/* p2pbench info: module, bound devices, setup, methods and IOMMU state. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "commands.h"
#include "dev.h"
#include "names.h"
#include "outfmt.h"
#include "opt.h"
#include "sysfs.h"
#include "units.h"

#define MAX_BOUND 32

struct info_cli {
	uint32_t format;
};

static const struct opt info_opts[] = {
	{ .name = "format", .kind = OPT_ENUM, .off = offsetof(struct info_cli, format),
	  .arg = "F", .def = "text", .parse = out_format_parse, .name_of = out_format_name,
	  .help = "text or json" },
	{ .kind = OPT_END },
};

/* What info found; fields after "ok" are valid only when ok is set. */
struct state {
	bool loaded;
	char bound[MAX_BOUND][BDF_STRLEN];
	int nbound;
	char error[512];		/* why INFO could not be read, "" if it was */
	bool ok;
	struct p2pbench_info info;
	int exporter_group;		/* from sysfs, -1 without one */
	char exporter_group_type[32];
};

/* Devices bound to the p2pbench PCI driver: its BDF-named entries. */
static void list_bound(struct state *st)
{
	struct p2pbench_bdf bdf;
	char path[256];
	struct dirent *de;
	DIR *d;

	d = opendir(sysfs_path(path, sizeof(path), "/bus/pci/drivers/" P2PBENCH_DRIVER));
	if (!d)
		return;
	while ((de = readdir(d)) && st->nbound < MAX_BOUND)
		if (!bdf_parse(de->d_name, &bdf, NULL, NULL, 0))
			bdf_format(&bdf, st->bound[st->nbound++], BDF_STRLEN);
	closedir(d);
}

static void gather(struct state *st)
{
	int fd;

	st->loaded = dev_module_loaded();
	list_bound(st);
	fd = dev_open(st->error, sizeof(st->error));
	if (fd < 0)
		return;
	if (dev_info(fd, &st->info, st->error, sizeof(st->error))) {
		close(fd);
		return;
	}
	close(fd);
	st->ok = true;
	st->exporter_group = -1;
	st->exporter_group_type[0] = '\0';
	if (st->info.setup_done) {
		st->exporter_group = iommu_group_of(&st->info.exporter, NULL, 0);
		if (st->exporter_group >= 0 &&
		    iommu_group_type(st->exporter_group, st->exporter_group_type,
				     sizeof(st->exporter_group_type), NULL, 0))
			st->exporter_group_type[0] = '\0';
	}
}

/* Fixed-size, maybe unterminated uapi strings. */
#define UAPI_STR(a) (int)strnlen((a), sizeof(a)), (a)

static void print_text(const struct state *st)
{
	const struct p2pbench_info *in = &st->info;
	char b1[BDF_STRLEN], b2[BDF_STRLEN], sz[32];

	printf("module      %s\n", st->loaded ? "loaded" : "not loaded");
	printf("control     %s\n", dev_ctl_path());
	printf("bound       ");
	for (int i = 0; i < st->nbound; i++)
		printf("%s%s", i ? " " : "", st->bound[i]);
	printf("%s\n", st->nbound ? "" : "(no device bound to p2pbench)");
	if (!st->ok)
		return;
	printf("uapi        %u\n", in->version);
	if (!in->setup_done) {
		printf("setup       not done (p2pbench bind --exporter BDF[:BAR] --importer BDF)\n");
	} else {
		printf("setup       done\n");
		printf("exporter    %s  BAR %u  0x%" PRIx64 " + %s  bus offset %" PRId64,
		       bdf_format(&in->exporter, b1, sizeof(b1)), in->bar, (uint64_t)in->bar_start,
		       format_size(in->bar_len, sz, sizeof(sz)), (int64_t)in->bus_offset);
		if (st->exporter_group >= 0)
			printf("  IOMMU group %d (%s)", st->exporter_group,
			       st->exporter_group_type[0] ? st->exporter_group_type : "?");
		else
			printf("  no IOMMU group");
		printf("\nimporter    %s", bdf_format(&in->importer, b2, sizeof(b2)));
		if (in->importer_group >= 0)
			printf("  IOMMU group %d (%.*s)", in->importer_group,
			       UAPI_STR(in->importer_group_type));
		else
			printf("  no IOMMU group");
		printf("  max segment %s\n", format_size(in->max_seg_size, sz, sizeof(sz)));
		printf("map type    %s", map_type_name(in->map_type));
		if (in->p2p_distance >= 0)
			printf("  distance %d\n", in->p2p_distance);
		else
			printf("  (pci_p2pdma_distance: not supported)\n");
	}
	printf("methods\n");
	for (unsigned int m = 0; m < P2PBENCH_METHOD_COUNT; m++) {
		if (in->methods_available & (1U << m))
			printf("  %-9s available\n", method_name(m));
		else if (!in->unavailable[m][0])
			printf("  %-9s unavailable (no reason given)\n", method_name(m));
		else
			printf("  %-9s unavailable: %.*s\n", method_name(m),
			       UAPI_STR(in->unavailable[m]));
	}
	if (in->setup_done && !(in->setup_flags & P2PBENCH_SETUP_EXPORTER_VFIO))
		printf("  (p2pbench run and sweep hand the exporter to vfio-pci for vfio points)\n");
}

static json_t *json_group(int group, const char *type, size_t typelen)
{
	json_t *o = json_object();

	json_object_set_new(o, "iommu_group", group >= 0 ? json_integer(group) : json_null());
	json_object_set_new(o, "iommu_group_type",
			    group >= 0 ? json_stringn(type, strnlen(type, typelen)) : json_null());
	return o;
}

static json_t *to_json(const struct state *st)
{
	const struct p2pbench_info *in = &st->info;
	json_t *o = json_object(), *bound = json_array(), *e, *i, *methods;
	char b[BDF_STRLEN];

	json_object_set_new(o, "module_loaded", json_boolean(st->loaded));
	json_object_set_new(o, "ctl", json_string(dev_ctl_path()));
	for (int n = 0; n < st->nbound; n++)
		json_array_append_new(bound, json_string(st->bound[n]));
	json_object_set_new(o, "bound", bound);
	if (!st->ok) {
		json_object_set_new(o, "error", json_string(st->error));
		return o;
	}
	json_object_set_new(o, "uapi_version", json_integer(in->version));
	json_object_set_new(o, "setup_done", json_boolean(in->setup_done));
	if (in->setup_done) {
		e = json_group(st->exporter_group, st->exporter_group_type,
			       sizeof(st->exporter_group_type));
		json_object_set_new(e, "bdf", json_string(bdf_format(&in->exporter, b, sizeof(b))));
		json_object_set_new(e, "bar", json_integer(in->bar));
		json_object_set_new(e, "bar_start", json_integer((json_int_t)in->bar_start));
		json_object_set_new(e, "bar_len", json_integer((json_int_t)in->bar_len));
		json_object_set_new(e, "bus_offset", json_integer(in->bus_offset));
		json_object_set_new(o, "exporter", e);
		i = json_group(in->importer_group, in->importer_group_type,
			       sizeof(in->importer_group_type));
		json_object_set_new(i, "bdf", json_string(bdf_format(&in->importer, b, sizeof(b))));
		json_object_set_new(i, "max_seg_size", json_integer(in->max_seg_size));
		json_object_set_new(o, "importer", i);
		json_object_set_new(o, "map_type", json_string(map_type_name(in->map_type)));
		json_object_set_new(o, "p2p_distance", json_integer(in->p2p_distance));
	}
	methods = json_array();
	for (unsigned int m = 0; m < P2PBENCH_METHOD_COUNT; m++) {
		json_t *mo = json_object();
		bool avail = in->methods_available & (1U << m);

		json_object_set_new(mo, "name", json_string(method_name(m)));
		json_object_set_new(mo, "available", json_boolean(avail));
		json_object_set_new(mo, "reason", json_stringn(in->unavailable[m],
			strnlen(in->unavailable[m], sizeof(in->unavailable[m]))));
		json_array_append_new(methods, mo);
	}
	json_object_set_new(o, "methods", methods);
	return o;
}

int cmd_info(int argc, char **argv)
{
	struct info_cli cli = { 0 };
	const struct optset sets[] = { { info_opts, &cli }, { NULL, NULL } };
	struct state st;
	char err[256];
	int ret;

	ret = opt_parse(sets, argc, argv, err, sizeof(err));
	if (ret == OPT_HELP) {
		printf("usage: p2pbench info [--format text|json]\n\n"
		       "Show whether the p2pbench module is loaded, the devices bound to it, the\n"
		       "exporter BAR and importer of the current setup with their IOMMU groups, the\n"
		       "P2P map type and distance, and which methods can run (and why not).\n"
		       "Exit status: 0, or 2 when the module's state could not be read.\n\n"
		       "options:\n");
		opt_help(stdout, sets);
		return 0;
	}
	if (ret) {
		fprintf(stderr, "p2pbench info: %s\n", err);
		return 2;
	}
	memset(&st, 0, sizeof(st));
	gather(&st);
	if (cli.format == OUT_JSON) {
		if (out_json(stdout, to_json(&st)))
			fprintf(stderr, "p2pbench info: writing JSON failed\n");
	} else {
		print_text(&st);
	}
	if (!st.ok) {
		fprintf(stderr, "p2pbench info: %s\n", st.error);
		return 2;
	}
	return 0;
}
