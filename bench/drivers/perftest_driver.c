// SPDX-License-Identifier: GPL-2.0-only
/*
 * The perftest driver (p2pbench perftest): run a perftest server and client (ib_write_bw,
 * ib_read_bw, ib_write_lat) on one machine over an RDMA device (in the lab
 * soft-RoCE on the loopback), with the buffers in host memory, a device's
 * p2pmem (--mmap on its allocate file) or a dma-buf exporter, and store the
 * parsed --out_json report. A buffer the RDMA stack cannot register is
 * stored as 'unsupported' with the error perftest and the kernel gave.
 * One struct driver_ops (perftest_ops, at the end): its parameters are
 * perftest_params[] (perftest.c), its store the I/O records' (iotool.h).
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bind.h"
#include "errmsg.h"
#include "io.h"
#include "iotool.h"
#include "iotrace.h"
#include "pci.h"
#include "perftest.h"
#include "readtext.h"
#include "results.h"
#include "spawn.h"
#include "sysfs.h"
#include "units.h"

#define CLIENT_TIMEOUT_S 600
#define SERVER_TIMEOUT_S 30

struct pt_point {
	struct perftest_values v;	/* its parameters as typed */
	char prog[PATH_MAX];
	char bdf[BDF_STRLEN];
	char mmap_file[PATH_MAX];
	uint64_t size;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: p2pbench perftest -o DIR [--test write_bw] [--mem host|p2pmem ...] [OPTIONS]\n"
		"       p2pbench perftest -o DIR --sweep FILE [OPTIONS]\n\n"
		"Runs a perftest server and client on this machine over an RDMA device (the\n"
		"lab: soft-RoCE, 'rdma link add rxe_lo type rxe netdev lo', GID index 1) and\n"
		"stores the parsed --out_json report in DIR/io/. The buffers are host memory,\n"
		"a device's p2pmem (--mem p2pmem --mem-dev BDF: --mmap on its allocate file),\n"
		"an mmap'd file, or a dma-buf (--mem cuda-dmabuf --mem-dev 0: --use_cuda=0\n"
		"--use_cuda_dmabuf; only where the perftest build has the option). A buffer the\n"
		"RDMA stack cannot register is stored as 'unsupported' with the error.\n"
		"Exit status: 0 every point passed, 1 some failed or were unsupported, 2 error.\n\n"
		"parameters:\n");
}

static int prepare(const void *values, const struct io_cli *cli, void *pt, char *err, size_t errlen)
{
	struct pt_point *pp = pt;
	const struct perftest_values *vals = &pp->v;
	const char *mem, *name;
	char path[PATH_MAX + 64];

	memset(pp, 0, sizeof(*pp));
	pp->v = *(const struct perftest_values *)values;
	mem = vals->mem;
	name = perftest_program(vals->test);
	pp->size = opt_text_num(vals->size);
	if (cli->tool) {
		snprintf(path, sizeof(path), "%s/%s", cli->tool, name);
		if (find_program(path, pp->prog, sizeof(pp->prog), err, errlen))
			return -1;
	} else if (find_program(name, pp->prog, sizeof(pp->prog), err, errlen)) {
		return -1;
	}
	snprintf(path, sizeof(path), "/sys/class/infiniband/%s", vals->device);
	if (access(path, F_OK))
		return errf(err, errlen, "RDMA device %s not found (%s missing; soft-RoCE: "
			    "rdma link add %s type rxe netdev lo)", vals->device, path, vals->device);
	if (!strcmp(mem, "host"))
		return 0;
	if (!vals->mem_dev[0])
		return errf(err, errlen, "mem %s needs --mem-dev (%s)", mem,
			    !strcmp(mem, "p2pmem") ? "a PCI BDF" : !strcmp(mem, "mmap") ? "a file" :
			    "an accelerator id");
	if (!strcmp(mem, "p2pmem")) {
		char buf[64];
		uint64_t avail, need;

		if (pci_canon(vals->mem_dev, pp->bdf, sizeof(pp->bdf), err, errlen))
			return -1;
		sysfs_path(pp->mmap_file, sizeof(pp->mmap_file), "/bus/pci/devices/%s/p2pmem/allocate",
			   pp->bdf);
		if (!sysfs_exists(pp->mmap_file))
			return errf(err, errlen, "%s has no p2pmem (%s is missing: the device publishes "
				    "no peer-to-peer memory)", pp->bdf, pp->mmap_file);
		sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/p2pmem/available", pp->bdf);
		/* Server and client each map about two messages per QP. */
		need = 2 * 2 * ((pp->size + 4095) & ~4095ULL) * opt_text_num(vals->qps);
		if (!sysfs_read(path, buf, sizeof(buf), NULL, 0) && !parse_u64(buf, &avail) &&
		    need > avail) {
			char a[32], b[32];

			return errf(err, errlen, "p2pmem pool of %s too small: server and client need "
				    "about %s (2 x 2 x size %s x qps %s), %s available", pp->bdf,
				    format_size(need, a, sizeof(a)), vals->size, vals->qps,
				    format_size(avail, b, sizeof(b)));
		}
	} else if (!strcmp(mem, "mmap")) {
		snprintf(pp->mmap_file, sizeof(pp->mmap_file), "%s", vals->mem_dev);
		if (access(pp->mmap_file, R_OK | W_OK))
			return errf(err, errlen, "mmap file %s: %s", pp->mmap_file, strerror(errno));
	} else {
		/* A dma-buf option this perftest build lacks is a clear error. */
		char opt[64], help[PATH_MAX + 64], *text;
		char *argv[] = { pp->prog, "--help", NULL };
		char tmp[] = "/tmp/p2pbench-pt.XXXXXX";
		int fd = mkstemp(tmp);

		if (fd < 0)
			return errf(err, errlen, "mkstemp: %s", strerror(errno));
		close(fd);
		snprintf(help, sizeof(help), "%s", tmp);
		run_program(argv, help, NULL, 30, NULL, 0);
		text = read_text(help);
		unlink(help);
		snprintf(opt, sizeof(opt), "--use_%s_dmabuf", perftest_dmabuf_flag(mem));
		if (!text || !strstr(text, opt)) {
			free(text);
			return errf(err, errlen, "%s has no %s (built without it): mem %s is not available "
				    "here", pp->prog, opt, mem);
		}
		free(text);
	}
	return 0;
}

static json_t *new_record(const void *pt, const struct io_cli *cli)
{
	const struct pt_point *pp = pt;
	json_t *rec = io_record_new("perftest");
	/* The device by its canonical BDF; no queue pairs for a latency test. */
	struct perftest_values v = pp->v;

	if (!rec)
		return NULL;
	if (pp->bdf[0])
		v.mem_dev = pp->bdf;
	if (perftest_is_lat(v.test))
		v.qps = "";
	io_set_params(rec, perftest_params, &v);
	(void)cli;
	/* Variant, repeat, --cpu and --topology: the run loop's. */
	if (pp->bdf[0]) {
		char mode[32];

		pci_iommu_mode(pp->bdf, mode, sizeof(mode));
		io_set_context(rec, "iommu_mode", mode);
	}
	return rec;
}

/* Is a TCP socket listening on PORT (so the client can connect)? */
static int listening(unsigned int port)
{
	char *text = read_text("/proc/net/tcp"), needle[32];
	int found;

	if (!text)
		return 0;
	/* local_address "00000000:484B" ... st 0A (LISTEN) */
	snprintf(needle, sizeof(needle), ":%04X 00000000:0000 0A", port);
	found = strstr(text, needle) != NULL;
	free(text);
	return found;
}

static void reason(const char *a, const char *b, char *buf, size_t len)
{
	static const char *const needles[] = { "MR", "Couldn't", "Unable", "failed", "error", "Error", NULL };
	char tmp[1024];

	buf[0] = '\0';
	for (int i = 0; needles[i]; i++) {
		for (const char *t = a; t; t = t == a ? b : NULL) {
			grep_lines(t, needles[i], tmp, sizeof(tmp));
			if (*tmp && !strstr(buf, tmp))
				snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", *buf ? "; " : "", tmp);
		}
		if (*buf)
			return;
	}
}

static int run_point_pt(void *pt, const struct io_cli *cli, json_t *rec, char *err, size_t errlen)
{
	struct pt_point *pp = pt;
	char tmpl[] = "/tmp/p2pbench-pt.XXXXXX", sjson[64], cjson[64], sout[64], cout[64];
	char sstore[4096], cstore[4096], cmd[8192], msg[2048], why[1024], kern[1024];
	char *sargv[64], *cargv[64], *ctext = NULL, *so = NULL, *co = NULL;
	struct timespec ms = { 0, 100 * 1000 * 1000 };
	struct perftest_job job = { 0 };
	int spid, crc, src, ret = -1;
	uint64_t seq;

	if (!mkdtemp(tmpl))
		return errf(err, errlen, "mkdtemp: %s", strerror(errno));
	snprintf(sjson, sizeof(sjson), "%s/server.json", tmpl);
	snprintf(cjson, sizeof(cjson), "%s/client.json", tmpl);
	snprintf(sout, sizeof(sout), "%s/server.out", tmpl);
	snprintf(cout, sizeof(cout), "%s/client.out", tmpl);
	job = (struct perftest_job){ .prog = pp->prog, .device = pp->v.device,
				     .gid_index = (unsigned int)opt_text_num(pp->v.gid_index),
				     .port = (unsigned int)opt_text_num(pp->v.port),
				     .qps = (unsigned int)opt_text_num(pp->v.qps),
				     .size = pp->size, .iters = opt_text_num(pp->v.iters),
				     .mem = pp->v.mem,
				     .mmap_file = pp->mmap_file[0] ? pp->mmap_file : NULL,
				     .dmabuf_dev = pp->v.mem_dev, .json_file = sjson };
	if (perftest_argv(&job, sargv, 64, sstore, sizeof(sstore), err, errlen))
		goto out;
	job.json_file = cjson;
	job.server = "127.0.0.1";
	if (perftest_argv(&job, cargv, 64, cstore, sizeof(cstore), err, errlen))
		goto out;
	{
		int argc = 0;

		while (cargv[argc])
			argc++;
		command_line(argc, cargv, cmd, sizeof(cmd));
		json_object_set_new(rec, "command", json_string(cmd));
		argc = 0;
		while (sargv[argc])
			argc++;
		command_line(argc, sargv, cmd, sizeof(cmd));
		json_object_set_new(rec, "server_command", json_string(cmd));
	}
	if (cli->dry_run) {
		printf("%s &\n%s\n", cmd, json_string_value(json_object_get(rec, "command")));
		ret = 0;
		goto out;
	}
	seq = kmsg_last_seq();
	spid = spawn_program(sargv, sout, sout, err, errlen);
	if (spid < 0)
		goto out;
	/* The server listens once its buffer is registered; a server that
	 * cannot register its buffer exits instead. */
	for (int i = 0; i < 200 && !listening(job.port); i++) {
		nanosleep(&ms, NULL);
		if (i > 10) {
			so = read_text(sout);
			if (so && (strstr(so, "Couldn't") || strstr(so, "Unable") || strstr(so, "failed")))
				break;
			free(so);
			so = NULL;
		}
	}
	crc = listening(job.port) ? run_program(cargv, cout, cout, CLIENT_TIMEOUT_S, err, errlen) : -2;
	if (crc == -1) {
		wait_program(spid, 1);
		goto out;
	}
	src = wait_program(spid, crc == -2 ? 5 : SERVER_TIMEOUT_S);
	free(so);
	so = read_text(sout);
	co = read_text(cout);
	ctext = read_text(cjson);
	if (!so || !co || !ctext) {
		errf(err, errlen, "out of memory");
		goto out;
	}
	json_object_set_new(rec, "server_output", json_string(so));
	json_object_set_new(rec, "client_output", json_string(co));
	json_object_set_new(rec, "exit_status",
			    json_pack("{s:i, s:i}", "server", src, "client", crc == -2 ? -1 : crc));
	if (crc == 0 && src == 0 && !perftest_parse(ctext, pp->v.test, rec, why, sizeof(why))) {
		/* passed */
	} else {
		static const char *needles[] = { "rxe", NULL };
		int p2p = strcmp(pp->v.mem, "host") != 0;

		if (crc == 0 && src == 0)
			snprintf(msg, sizeof(msg), "report: %s", why);
		else
			reason(so, co, msg, sizeof(msg));
		if (!*msg)
			snprintf(msg, sizeof(msg), "server exit %d, client %s", src,
				 crc == -2 ? "not started (the server never listened)" : "failed");
		int e = EIO, mr = strstr(msg, "MR") != NULL;
		const char *ke;

		kmsg_grep_since(seq, needles, kern, sizeof(kern));
		/* rxe logs "rxe_reg_user_mr: returned err = -14": the kernel's errno. */
		if ((ke = strstr(kern, "err = -")))
			e = atoi(ke + 7) > 0 ? atoi(ke + 7) : EIO;
		if (*kern)
			snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "; kernel: %s", kern);
		if (mr) {
			const char *en = e != EIO ? strerrorname_np(e) : NULL;
			char tmp[2048];

			snprintf(tmp, sizeof(tmp), "memory registration failed%s%s: %.1900s", en ? " with " : "",
				 en ? en : "", msg);
			snprintf(msg, sizeof(msg), "%s", tmp);
		}
		/* A buffer that cannot be registered is what the stack does not support. */
		io_set_status(rec, p2p && mr ? IO_UNSUPPORTED : IO_FAIL, e, msg);
	}
	json_object_set_new(rec, "machine", meta_machine());
	if (pp->bdf[0])
		json_object_set_new(rec, "devices", json_pack("{s:o, s:s}", "p2pmem", pci_meta(pp->bdf),
							     "mmap", pp->mmap_file));
	ret = 0;
out:
	free(ctext);
	free(so);
	free(co);
	unlink(sjson);
	unlink(cjson);
	unlink(sout);
	unlink(cout);
	rmdir(tmpl);
	return ret;
}

static void summary(const json_t *rec)
{
	const json_t *m = json_object_get(rec, "metrics");
	const char *status = json_string_value(json_object_get(rec, "status"));

	printf("%-11s %s", status, json_string_value(json_object_get(rec, "key")));
	if (json_is_number(json_object_get(m, "bw_avg_mib")))
		printf("  bw_avg=%.2fMiB/s msg_rate=%.4fMpps",
		       json_number_value(json_object_get(m, "bw_avg_mib")),
		       json_number_value(json_object_get(m, "msg_rate_mpps")));
	if (json_is_number(json_object_get(m, "lat_typical_us")))
		printf("  lat_typical=%.2fus", json_number_value(json_object_get(m, "lat_typical_us")));
	if (strcmp(status, "pass"))
		printf("  # %s", json_string_value(json_object_get(rec, "msg")));
	printf("\n");
	fflush(stdout);
}

static enum run_result run(void *ctx, size_t i, char *err, size_t errlen)
{
	struct io_run *r = ctx;

	if (io_point_prepare(r, i, err, errlen) || run_point_pt(r->pt, r->cli, r->rec, err, errlen))
		return RUN_FATAL;
	return io_point_ran(r);
}

#define CLI(f) offsetof(struct io_cli, f)
static const struct opt opts[] = {
	{ .name = "perftest-dir", .kind = OPT_STR, .off = CLI(tool), .arg = "DIR",
	  .help = "directory of the perftest programs [PATH]" },
	{ .kind = OPT_END },
};

const struct driver_ops perftest_ops = {
	.name = "perftest", .store = "io", .params = perftest_params, .opts = opts, .usage = usage,
	.point_size = sizeof(struct pt_point), .prepare = prepare, .record = new_record,
	.summary = summary,
	.stored = io_point_stored, .key = io_point_key, .run = run, .save = io_point_save,
};
