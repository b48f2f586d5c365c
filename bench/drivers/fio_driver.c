// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fio driver (p2pbench fio): O_DIRECT I/O between an NVMe namespace and a buffer in a
 * PCI device's p2pmem (or host memory, the baseline), driven through fio,
 * with the data checked (crc32c), the iommu:map/unmap events counted and
 * the kernel's reason recorded when it refuses a P2P I/O. One struct
 * driver_ops (fio_ops, at the end): its parameters are fio_params[]
 * (fio.c), its store the I/O records' (iotool.h).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bind.h"
#include "errmsg.h"
#include "fio.h"
#include "io.h"
#include "iotool.h"
#include "iotrace.h"
#include "pci.h"
#include "readtext.h"
#include "results.h"
#include "spawn.h"
#include "sysfs.h"
#include "units.h"

#define FIO_TIMEOUT_S 1800

struct fio_point {
	struct fio_values v;		/* its parameters as typed */
	char fio[PATH_MAX];		/* the fio program */
	char disk_bdf[BDF_STRLEN];	/* "" when the disk was given as /dev/... without one */
	char disk_dev[PATH_MAX];	/* block device, resolved when the point runs */
	char p2p_bdf[BDF_STRLEN];
	char iomem[PATH_MAX + 32];
	uint64_t bs, size;
	unsigned int iodepth;
	int p2p, verify;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: p2pbench fio -o DIR --disk BDF [--mem p2pmem --p2pmem BDF] [OPTIONS]\n"
		"       p2pbench fio -o DIR --sweep FILE [OPTIONS]\n\n"
		"O_DIRECT I/O with fio between an NVMe namespace (--disk) and a buffer in a PCI\n"
		"device's published p2pmem (--iomem=mmapshared:/sys/bus/pci/devices/BDF/p2pmem/\n"
		"allocate) or host memory (--mem host, the baseline). Writes are read back into\n"
		"the buffer and checked with crc32c; verified reads check a fill written first.\n"
		"Each point stores IOPS, bandwidth, completion latency percentiles and the\n"
		"iommu:map/unmap events of the run in DIR/io/ (see bench/README-results.md).\n"
		"A P2P I/O the kernel refuses is stored as 'unsupported' with its error.\n"
		"Parameters take lists (--bs 4K,64K): every combination runs; psync points with\n"
		"iodepth > 1 are skipped. Exit status: 0 every point passed, 1 some failed or\n"
		"were unsupported, 2 an error (nothing is stored for a point that did not run).\n\n"
		"parameters:\n");
}

/* "/dev/nvme1n1" of the first namespace of the NVMe controller at BDF,
 * waiting up to WAIT_S seconds for it (a rebind rescans asynchronously). */
static int nvme_namespace(const char *bdf, char *dev, size_t len, unsigned int wait_s,
			  char *err, size_t errlen)
{
	struct timespec ms = { 0, 100 * 1000 * 1000 };

	for (unsigned int i = 0; i <= wait_s * 10; i++) {
		char path[512], ctrl[256] = "";
		struct dirent *de;
		DIR *d;

		sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/nvme", bdf);
		d = opendir(path);
		while (d && (de = readdir(d)))
			if (!strncmp(de->d_name, "nvme", 4))
				snprintf(ctrl, sizeof(ctrl), "%s", de->d_name);
		if (d)
			closedir(d);
		if (*ctrl) {
			sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/nvme/%s", bdf, ctrl);
			d = opendir(path);
			while (d && (de = readdir(d))) {
				char want[300];
				struct stat st;

				snprintf(want, sizeof(want), "%sn", ctrl);
				if (strncmp(de->d_name, want, strlen(want)))
					continue;
				snprintf(dev, len, "/dev/%s", de->d_name);
				if (!stat(dev, &st) && S_ISBLK(st.st_mode)) {
					closedir(d);
					return 0;
				}
			}
			if (d)
				closedir(d);
		}
		if (i == 0 && !wait_s)
			break;
		nanosleep(&ms, NULL);
	}
	return errf(err, errlen, "%s: no NVMe namespace block device (is it an NVMe bound to nvme?)", bdf);
}

/* BDF of the PCI function behind a block device (/dev/nvme1n1), or "". */
static void bdf_of_block(const char *dev, char *bdf, size_t len)
{
	char path[512], real[PATH_MAX];
	const char *name = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev, *b;

	bdf[0] = '\0';
	snprintf(path, sizeof(path), "/sys/block/%s/device/device", name);
	if (!realpath(path, real)) {
		snprintf(path, sizeof(path), "/sys/block/%s/device", name);
		if (!realpath(path, real))
			return;
	}
	b = strrchr(real, '/');
	if (b && strlen(b + 1) == 12 && b[5] == ':')
		snprintf(bdf, len, "%s", b + 1);
}

static int read_u64_attr(const char *bdf, const char *attr, uint64_t *v)
{
	char path[512], buf[64];

	sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/%s", bdf, attr);
	return sysfs_read(path, buf, sizeof(buf), NULL, 0) || parse_u64(buf, v) ? -1 : 0;
}

/* Everything that can be checked before anything runs. */
static int prepare(const void *values, const struct io_cli *cli, void *pt, char *err, size_t errlen)
{
	struct fio_point *fp = pt;
	const struct fio_values *vals = &fp->v;
	char path[512];
	uint64_t avail, need;

	memset(fp, 0, sizeof(*fp));
	fp->v = *(const struct fio_values *)values;
	if (find_program(cli->tool ? cli->tool : "fio", fp->fio, sizeof(fp->fio), err, errlen))
		return -1;
	fp->bs = opt_text_num(vals->bs);
	fp->size = opt_text_num(vals->size);
	fp->iodepth = (unsigned int)opt_text_num(vals->iodepth);
	fp->p2p = !strcmp(vals->mem, "p2pmem");
	fp->verify = !strcmp(vals->verify, "crc32c");
	if (fp->size < fp->bs)
		return errf(err, errlen, "size %s is smaller than bs %s", vals->size, vals->bs);
	if (!strncmp(vals->disk, "/dev/", 5)) {
		struct stat st;

		if (stat(vals->disk, &st) || !S_ISBLK(st.st_mode))
			return errf(err, errlen, "disk %s: not a block device", vals->disk);
		snprintf(fp->disk_dev, sizeof(fp->disk_dev), "%s", vals->disk);
		bdf_of_block(vals->disk, fp->disk_bdf, sizeof(fp->disk_bdf));
	} else {
		if (pci_canon(vals->disk, fp->disk_bdf, sizeof(fp->disk_bdf), err, errlen))
			return -1;
		sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/nvme", fp->disk_bdf);
		if (!sysfs_exists(path))
			return errf(err, errlen, "disk %s is not an NVMe controller bound to nvme",
				    fp->disk_bdf);
	}
	if (vals->iommu_mode[0] && !fp->disk_bdf[0])
		return errf(err, errlen, "iommu_mode needs the disk as a PCI BDF");
	if (!fp->p2p) {
		snprintf(fp->iomem, sizeof(fp->iomem), "malloc");
		return 0;
	}
	if (!vals->p2pmem[0])
		return errf(err, errlen, "mem p2pmem needs --p2pmem BDF (the device whose p2pmem is the buffer)");
	if (pci_canon(vals->p2pmem, fp->p2p_bdf, sizeof(fp->p2p_bdf), err, errlen))
		return -1;
	sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/p2pmem/allocate", fp->p2p_bdf);
	if (!sysfs_exists(path))
		return errf(err, errlen, "%s has no p2pmem (%s is missing: the device publishes "
			    "no peer-to-peer memory)", fp->p2p_bdf, path);
	snprintf(fp->iomem, sizeof(fp->iomem), "mmapshared:%s", path);
	need = fio_buffer_bytes(fp->bs, strcmp(vals->engine, "psync") ? fp->iodepth : 1);
	if (read_u64_attr(fp->p2p_bdf, "p2pmem/available", &avail))
		return errf(err, errlen, "%s: cannot read p2pmem/available", fp->p2p_bdf);
	if (need > avail) {
		char a[32], b[32];

		return errf(err, errlen, "p2pmem pool of %s too small for the job: it needs %s "
			    "(bs %s x iodepth %u), %s available", fp->p2p_bdf,
			    format_size(need, a, sizeof(a)), vals->bs, fp->iodepth,
			    format_size(avail, b, sizeof(b)));
	}
	return 0;
}

static int skipped(const void *values)
{
	const struct fio_values *v = values;

	return !strcmp(v->engine, "psync") && opt_text_num(v->iodepth) > 1;
}

static json_t *new_record(const void *pt, const struct io_cli *cli)
{
	const struct fio_point *fp = pt;
	json_t *rec = io_record_new("fio");
	/* The devices by their canonical BDFs; no p2pmem for a host buffer. */
	struct fio_values v = fp->v;

	if (!rec)
		return NULL;
	if (fp->disk_bdf[0])
		v.disk = fp->disk_bdf;
	v.p2pmem = fp->p2p ? fp->p2p_bdf : "";
	io_set_params(rec, fio_params, &v);
	/* Variant, repeat, --cpu and --topology: the run loop's. */
	if (!cli->topology && fp->p2p && fp->disk_bdf[0])
		io_set_context(rec, "topology", pci_path_kind(fp->disk_bdf, fp->p2p_bdf));
	if (fp->disk_bdf[0]) {
		char mode[32];

		/* The mode the run will see: the requested one, else the current. */
		if (fp->v.iommu_mode[0])
			snprintf(mode, sizeof(mode), "%s", fp->v.iommu_mode);
		else
			pci_iommu_mode(fp->disk_bdf, mode, sizeof(mode));
		io_set_context(rec, "iommu_mode", mode);
	}
	return rec;
}

static void join_argv(char **argv, char *buf, size_t len)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	command_line(argc, argv, buf, len);
}

static unsigned long trace_kb(const struct fio_point *fp)
{
	uint64_t ios = fp->size / fp->bs * (fp->verify ? 2 : 1);
	uint64_t events = 2 * ios * (fp->bs / 4096 + 1);
	uint64_t kb = events * 96 / 1024 + 2048;

	return (unsigned long)(kb > 262144 ? 262144 : kb);
}

/* The first lines of fio's stderr that say what went wrong. */
static void fio_reason(const char *stderr_text, char *buf, size_t len)
{
	static const char *const needles[] = { "verify", "error", "fio:", NULL };

	buf[0] = '\0';
	for (int i = 0; needles[i] && !buf[0]; i++)
		grep_lines(stderr_text, needles[i], buf, len);
	if (!buf[0])
		snprintf(buf, len, "%.*s", (int)strcspn(stderr_text, "\n"), stderr_text);
}

static void summary(const json_t *rec)
{
	const json_t *m = json_object_get(rec, "metrics");
	double iops = json_number_value(json_object_get(m, "iops"));
	double bw = json_number_value(json_object_get(m, "bw_bytes")) / 1048576.0;
	double p50 = json_number_value(json_object_get(m, "clat_p50_ns")) / 1000.0;
	const json_t *map = json_object_get(m, "iommu_map"), *unmap = json_object_get(m, "iommu_unmap");
	const char *status = json_string_value(json_object_get(rec, "status"));

	printf("%-11s %s", status, json_string_value(json_object_get(rec, "key")));
	if (!strcmp(status, "pass"))
		printf("  iops=%.0f bw=%.2fMiB/s clat_p50=%.1fus", iops, bw, p50);
	if (json_is_number(map))
		printf("  iommu map/unmap=%" JSON_INTEGER_FORMAT "/%" JSON_INTEGER_FORMAT " (%.2f per I/O)",
		       json_integer_value(map), json_integer_value(unmap),
		       json_number_value(json_object_get(m, "iommu_map_per_io")));
	if (strcmp(status, "pass"))
		printf("  # %s", json_string_value(json_object_get(rec, "msg")));
	printf("\n");
	fflush(stdout);
}

/* Run one point into REC. -1 (with ERR) only when the environment is
 * broken; a failed or refused I/O is a result. */
static int run_point_fio(struct fio_point *fp, const struct io_cli *cli, json_t *rec,
			 char *err, size_t errlen)
{
	char tmpl[] = "/tmp/p2pbench-fio.XXXXXX", out[64], errp[64], store[8192], cmd[8192];
	char msg[2048], why[1024], kern[1024], version[64] = "?";
	struct fio_job job = { 0 };
	struct iommu_count ic;
	char *argv[64], *text = NULL, *etext = NULL;
	int rc, job_error = 0, traced = 0, ret = -1;
	uint64_t seq;
	json_t *dev;

	if (fp->v.iommu_mode[0] &&
	    pci_set_iommu_mode(fp->disk_bdf, fp->v.iommu_mode, err, errlen))
		return -1;
	if (fp->disk_bdf[0] && strncmp(fp->v.disk, "/dev/", 5) &&
	    nvme_namespace(fp->disk_bdf, fp->disk_dev, sizeof(fp->disk_dev), 20, err, errlen))
		return -1;
	if (!mkdtemp(tmpl))
		return errf(err, errlen, "mkdtemp: %s", strerror(errno));
	snprintf(out, sizeof(out), "%s/out.json", tmpl);
	snprintf(errp, sizeof(errp), "%s/err.txt", tmpl);
	job = (struct fio_job){ .fio = fp->fio, .filename = fp->disk_dev, .iomem = fp->iomem,
				.rw = fp->v.rw, .bs = fp->bs, .size = fp->size,
				.iodepth = fp->iodepth, .engine = fp->v.engine,
				.verify = fp->verify, .output = out };
	if (fp->verify && fio_rw_reads(fp->v.rw)) {
		job.prefill = 1;
		if (fio_argv(&job, argv, 64, store, sizeof(store), err, errlen))
			goto out;
		if (cli->dry_run) {
			join_argv(argv, cmd, sizeof(cmd));
			printf("%s\n", cmd);
		}
		rc = cli->dry_run ? 0 : run_program(argv, NULL, errp, FIO_TIMEOUT_S, err, errlen);
		if (rc) {
			etext = read_text(errp);
			fio_reason(etext ? etext : "", why, sizeof(why));
			errf(err, errlen, "the fill before the verified read failed (fio exit %d): %s",
			     rc, why);
			goto out;
		}
		job.prefill = 0;
	}
	if (fio_argv(&job, argv, 64, store, sizeof(store), err, errlen))
		goto out;
	join_argv(argv, cmd, sizeof(cmd));
	json_object_set_new(rec, "command", json_string(cmd));
	if (cli->dry_run) {
		printf("%s\n", cmd);
		ret = 0;
		goto out;
	}
	seq = kmsg_last_seq();
	if (tracefs_dir()) {
		if (iommu_trace_start(trace_kb(fp), err, errlen))
			goto out;
		traced = 1;
	}
	rc = run_program(argv, NULL, errp, FIO_TIMEOUT_S, err, errlen);
	if (traced && iommu_trace_stop(&ic, err, errlen))
		goto out;
	if (rc < 0)
		goto out;
	text = read_text(out);
	etext = read_text(errp);
	if (!text || !etext) {
		errf(err, errlen, "out of memory");
		goto out;
	}
	json_object_set_new(rec, "fio_stderr", json_string(etext));
	json_object_set_new(rec, "exit_status", json_integer(rc));
	if (fio_parse(text, fp->v.rw, rec, version, sizeof(version), &job_error, why, sizeof(why))) {
		/* fio died before writing its report (a crash, a bad option). */
		fio_reason(etext, msg, sizeof(msg));
		snprintf(why + strlen(why), sizeof(why) - strlen(why), "; fio exit %d: %.400s", rc, msg);
		io_set_status(rec, IO_FAIL, EIO, why);
	} else if (rc || job_error) {
		int e = job_error ? job_error : EIO;
		const char *needles[3] = { "peer-to-peer", fp->disk_bdf, NULL };

		fio_reason(etext, why, sizeof(why));
		/* The kernel says why once per device pair: search the whole log. */
		if (!kmsg_grep_since(seq, needles, kern, sizeof(kern)))
			kmsg_grep(needles, kern, sizeof(kern));
		snprintf(msg, sizeof(msg), "%s (%s)%s%s", strerrorname_np(e) ? strerrorname_np(e) : "?",
			 strerror(e), *why ? "; fio: " : "", why + (strncmp(why, "fio: ", 5) ? 0 : 5));
		if (*kern)
			snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "; kernel: %s", kern);
		/* EINVAL for an I/O into p2pmem is the kernel refusing the pair. */
		io_set_status(rec, fp->p2p && e == EINVAL ? IO_UNSUPPORTED : IO_FAIL, e, msg);
		json_object_set_new(rec, "kernel_log", json_string(kern));
	} else {
		io_set_metric(rec, "verified", fp->verify);
	}
	json_object_set_new(rec, "tool_version", json_string(version));
	if (traced) {
		double ios = io_metric(&(struct iopoint){ .j = rec }, "read_ios");
		double wios = io_metric(&(struct iopoint){ .j = rec }, "write_ios");

		ios = (isnan(ios) ? 0 : ios) + (isnan(wios) ? 0 : wios);
		if (ic.lost) {
			json_object_set_new(rec, "iommu_events_note",
					    json_string("trace buffer overran: counts incomplete, not stored"));
		} else {
			io_set_metric(rec, "iommu_map", (double)ic.map);
			io_set_metric(rec, "iommu_unmap", (double)ic.unmap);
			io_set_metric(rec, "iommu_map_bytes", (double)ic.map_bytes);
			if (ios > 0)
				io_set_metric(rec, "iommu_map_per_io", (double)ic.map / ios);
		}
	} else {
		json_object_set_new(rec, "iommu_events_note", json_string("no tracefs with iommu events"));
	}
	json_object_set_new(rec, "machine", meta_machine());
	dev = json_object();
	json_object_set_new(dev, "block_device", json_string(fp->disk_dev));
	if (fp->disk_bdf[0])
		json_object_set_new(dev, "disk", pci_meta(fp->disk_bdf));
	if (fp->p2p) {
		json_object_set_new(dev, "p2pmem", pci_meta(fp->p2p_bdf));
		json_object_set_new(dev, "iomem", json_string(fp->iomem));
		if (fp->disk_bdf[0])
			json_object_set_new(dev, "path", json_string(pci_path_kind(fp->disk_bdf, fp->p2p_bdf)));
	}
	json_object_set_new(rec, "devices", dev);
	ret = 0;
out:
	free(text);
	free(etext);
	unlink(out);
	unlink(errp);
	rmdir(tmpl);
	return ret;
}

static enum run_result run(void *ctx, size_t i, char *err, size_t errlen)
{
	struct io_run *r = ctx;
	struct fio_point *fp = r->pt;

	if (io_point_prepare(r, i, err, errlen) || run_point_fio(fp, r->cli, r->rec, err, errlen))
		return RUN_FATAL;
	/* The context as the run saw it. */
	if (!r->cli->dry_run && fp->disk_bdf[0]) {
		char mode[32];

		pci_iommu_mode(fp->disk_bdf, mode, sizeof(mode));
		io_set_context(r->rec, "iommu_mode", mode);
	}
	return io_point_ran(r);
}

#define CLI(f) offsetof(struct io_cli, f)
static const struct opt opts[] = {
	{ .name = "fio", .kind = OPT_STR, .off = CLI(tool), .arg = "PATH",
	  .help = "the fio program [fio from PATH]" },
	{ .kind = OPT_END },
};

const struct driver_ops fio_ops = {
	.name = "fio", .store = "io", .params = fio_params, .opts = opts, .usage = usage,
	.point_size = sizeof(struct fio_point), .prepare = prepare, .skip = skipped,
	.record = new_record, .summary = summary,
	.stored = io_point_stored, .key = io_point_key, .run = run, .save = io_point_save,
};
