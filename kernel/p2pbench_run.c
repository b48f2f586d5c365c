// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running one point: threads, timing, batching and iommu event counting.
 *
 * Each thread prepares its method state, warms up, then maps and unmaps in
 * samples of @batch operations, timing the maps and the unmaps of a sample
 * separately with ktime_get_ns(). Verification, counting and the end-to-end
 * check run between the two timed regions. Thread 0 picks the batch size
 * from its warm-up when userspace leaves it to the module.
 *
 * iommu:map and iommu:unmap are counted with tracepoint probes. The probes
 * only count events raised by one of the point's threads while it is inside
 * a map or an unmap window, so other DMA in the system does not leak in.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kthread.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#if IS_ENABLED(CONFIG_IOMMU_API) && IS_ENABLED(CONFIG_TRACEPOINTS)
#include <trace/events/iommu.h>
#define P2PBENCH_COUNT_EVENTS
#endif

#include "p2pbench.h"

/**
 * p2pbench_fail() - record a failure of the point
 * @ctx: the point
 * @status: negative errno of a failed map, 0 for a failed check
 * @verdict: P2PBENCH_VERDICT_FAIL or P2PBENCH_VERDICT_MAP_ERROR
 * @checks: P2PBENCH_CHECK_* bits that failed
 * @iteration: iteration of the failure
 * @fmt: what failed
 *
 * Check bits accumulate; the message, iteration and status are those of
 * the first failure, except that a map error replaces a failed check (it
 * is what stopped the point). A map error stops every thread.
 */
void p2pbench_fail(struct p2pbench_ctx *ctx, int status, u32 verdict,
		   u32 checks, u64 iteration, const char *fmt, ...)
{
	struct p2pbench_result *res = ctx->res;
	char msg[P2PBENCH_MSG_LEN];
	bool first;
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);

	spin_lock(&ctx->lock);
	res->checks_failed |= checks;
	first = res->verdict != P2PBENCH_VERDICT_MAP_ERROR &&
		(verdict == P2PBENCH_VERDICT_MAP_ERROR ||
		 res->verdict != P2PBENCH_VERDICT_FAIL);
	if (first) {
		res->verdict = verdict;
		res->status = status;
		res->fail_iteration = min_t(u64, iteration, U32_MAX);
		strscpy(res->msg, msg, sizeof(res->msg));
	}
	spin_unlock(&ctx->lock);

	if (first)
		pr_info("%s\n", msg);
	if (verdict == P2PBENCH_VERDICT_MAP_ERROR)
		WRITE_ONCE(ctx->stop, true);
}

#ifdef P2PBENCH_COUNT_EVENTS
static struct p2pbench_thread *event_thread(struct p2pbench_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < ctx->run->threads; i++)
		if (READ_ONCE(ctx->threads[i].task) == current)
			return &ctx->threads[i];
	return NULL;
}

static void on_map(void *data, unsigned long iova, phys_addr_t paddr,
		   size_t size)
{
	struct p2pbench_thread *t = event_thread(data);

	if (t && t->window == P2PBENCH_WIN_MAP)
		t->map_events++;
}

static void on_unmap(void *data, unsigned long iova, size_t size,
		     size_t unmapped_size)
{
	struct p2pbench_thread *t = event_thread(data);

	if (t && t->window == P2PBENCH_WIN_UNMAP)
		t->unmap_events++;
}

/*
 * A point whose probes cannot be registered is refused: counts of 0 would
 * read as "no IOMMU work", which is a result, not a missing measurement.
 */
static int counting_start(struct p2pbench_ctx *ctx)
{
	int ret;

	ret = register_trace_map(on_map, ctx);
	if (ret)
		return p2pbench_refuse(ctx->res, ret,
				       "cannot register the iommu:map probe: %d",
				       ret);
	ret = register_trace_unmap(on_unmap, ctx);
	if (ret) {
		unregister_trace_map(on_map, ctx);
		tracepoint_synchronize_unregister();
		return p2pbench_refuse(ctx->res, ret,
				       "cannot register the iommu:unmap probe: %d",
				       ret);
	}
	ctx->counting = true;
	return 0;
}

static void counting_stop(struct p2pbench_ctx *ctx)
{
	if (!ctx->counting)
		return;
	unregister_trace_unmap(on_unmap, ctx);
	unregister_trace_map(on_map, ctx);
	/* No probe may still be looking at ctx when it is freed. */
	tracepoint_synchronize_unregister();
}
#else
static int counting_start(struct p2pbench_ctx *ctx)
{
	return 0;
}

static void counting_stop(struct p2pbench_ctx *ctx)
{
}
#endif

static bool stopping(struct p2pbench_ctx *ctx)
{
	return READ_ONCE(ctx->stop) || atomic_read(ctx->abort);
}

/* What the first mapping of thread 0 looks like, for the result. */
static void describe(struct p2pbench_ctx *ctx, struct sg_table *sgt, u32 path)
{
	struct p2pbench_result *res = ctx->res;
	struct scatterlist *sg;
	u64 len = 0;
	unsigned int i;

	for_each_sgtable_dma_sg(sgt, sg, i)
		len += sg_dma_len(sg);
	res->path = path;
	res->sg_nents = sgt->nents;
	res->dma_len = len;
	res->iova_bytes = path == P2PBENCH_PATH_IOVA ||
			  path == P2PBENCH_PATH_IOMMU ? len : 0;
}

/* Between the timed map and unmap of a sample: verify and check e2e. */
static void inspect(struct p2pbench_thread *t, unsigned int n, u64 iter)
{
	struct p2pbench_ctx *ctx = t->ctx;
	const struct p2pbench_ops *m = ctx->method;
	bool all = ctx->run->flags & P2PBENCH_RUN_VERIFY_ALL;
	bool first = !t->counted;
	char msg[P2PBENCH_MSG_LEN];
	unsigned int b;
	u32 failed;
	int ret;

	if (!m->sgt || (!first && !all))
		return;

	for (b = 0; b < (all ? n : 1); b++) {
		struct sg_table *sgt = m->sgt(t, b);
		u32 path = p2pbench_sgt_path(ctx, sgt);

		failed = p2pbench_verify(ctx, sgt, path, msg, sizeof(msg));
		if (failed)
			p2pbench_fail(ctx, 0, P2PBENCH_VERDICT_FAIL, failed,
				      iter + b, "%s (thread %u iteration %llu)",
				      msg, t->id, iter + b);
		if (!first || b || t->id)
			continue;

		describe(ctx, sgt, path);
		if (!(ctx->run->flags & P2PBENCH_RUN_E2E))
			continue;
		ret = p2pbench_e2e(ctx, sgt, path, msg, sizeof(msg));
		if (ret)
			p2pbench_fail(ctx, 0, P2PBENCH_VERDICT_FAIL,
				      P2PBENCH_CHECK_E2E, iter, "%s", msg);
	}
}

/* After a timed sample: per-mapping event counts and whether they vary. */
static void count(struct p2pbench_thread *t, unsigned int n)
{
	u64 map_calls = div_u64(t->map_events, n);
	u64 unmap_calls = div_u64(t->unmap_events, n);
	bool even = map_calls * n == t->map_events &&
		    unmap_calls * n == t->unmap_events;

	if (!t->counted) {
		t->counted = true;
		t->map_calls = map_calls;
		t->unmap_calls = unmap_calls;
		t->varied = !even;
	} else if (!even || map_calls != t->map_calls ||
		   unmap_calls != t->unmap_calls) {
		t->varied = true;
	}
}

/*
 * Map @n times, then unmap @n times; @iter is the thread's iteration count
 * before the batch. Returns the map error, which is already recorded.
 */
static int do_batch(struct p2pbench_thread *t, unsigned int n, u64 iter,
		    bool timed, u64 *map_ns, u64 *unmap_ns)
{
	struct p2pbench_ctx *ctx = t->ctx;
	const struct p2pbench_ops *m = ctx->method;
	const char *call = "?";
	unsigned int b, failed;
	u64 t0, t1, t2, t3;
	int ret = 0;

	if (m->lock)
		m->lock(t);
	t->map_events = 0;
	t->window = P2PBENCH_WIN_MAP;
	t0 = ktime_get_ns();
	for (b = 0; b < n; b++) {
		ret = m->map(t, b, &call);
		if (unlikely(ret))
			break;
	}
	t1 = ktime_get_ns();
	t->window = P2PBENCH_WIN_NONE;

	if (unlikely(ret)) {
		failed = b;
		while (b--)
			m->unmap(t, b);
		if (m->unlock)
			m->unlock(t);
		p2pbench_fail(ctx, ret, P2PBENCH_VERDICT_MAP_ERROR, 0,
			      iter + failed,
			      "%s() failed: %d %s at iteration %llu of thread %u (%s)",
			      call, ret, p2pbench_errname(ret), iter + failed,
			      t->id, timed ? "timed" : "warm-up");
		return ret;
	}
	if (m->unlock)
		m->unlock(t);

	if (timed) {
		t2 = ktime_get_ns();
		inspect(t, n, iter);
		/* Verification and E2E are not part of the timed phase. */
		t->t_untimed += ktime_get_ns() - t2;
	}

	if (m->lock)
		m->lock(t);
	t->unmap_events = 0;
	t->window = P2PBENCH_WIN_UNMAP;
	t2 = ktime_get_ns();
	for (b = 0; b < n; b++)
		m->unmap(t, b);
	t3 = ktime_get_ns();
	t->window = P2PBENCH_WIN_NONE;
	if (m->unlock)
		m->unlock(t);

	if (timed)
		count(t, n);
	*map_ns = t1 - t0;
	*unmap_ns = t3 - t2;
	return 0;
}

/*
 * Enough operations per sample that the clock's cost or resolution is at
 * most 1/64 of a sample, the histogram's own precision; at most
 * P2PBENCH_MAX_BATCH, and no more mappings alive at once than
 * P2PBENCH_MAX_BATCH_ENTS sg entries.
 */
#define P2PBENCH_CAL_PAIRS	8
#define P2PBENCH_CAL_NS		(10 * NSEC_PER_MSEC)

static u32 auto_batch(struct p2pbench_ctx *ctx, u64 op_ns)
{
	u64 want = DIV_ROUND_UP_ULL(64 * ctx->clock_ns, max_t(u64, op_ns, 1));
	u32 batch = want >= P2PBENCH_MAX_BATCH ? P2PBENCH_MAX_BATCH :
		    roundup_pow_of_two(want);

	if (ctx->nents)
		batch = min_t(u32, batch, P2PBENCH_MAX_BATCH_ENTS / ctx->nents);
	return max(batch, 1U);
}

static int thread_fn(void *data)
{
	struct p2pbench_thread *t = data;
	struct p2pbench_ctx *ctx = t->ctx;
	const struct p2pbench_run *run = ctx->run;
	const struct p2pbench_ops *m = ctx->method;
	u64 i = 0, warm = run->warmup, min_op = U64_MAX, deadline = 0;
	u64 map_ns, unmap_ns, cal_end;
	const char *call = "?";
	bool calibrate;
	u32 batch, n;
	int ret;

	wait_for_completion(&ctx->start);
	if (stopping(ctx))
		goto out;

	if (m->prepare) {
		ret = m->prepare(t, &call);
		if (ret) {
			p2pbench_fail(ctx, ret, P2PBENCH_VERDICT_MAP_ERROR, 0, 0,
				      "%s() failed: %d %s preparing thread %u",
				      call, ret, p2pbench_errname(ret), t->id);
			goto out;
		}
	}

	calibrate = !t->id && !run->batch;
	cal_end = ktime_get_ns() + P2PBENCH_CAL_NS;
	for (i = 0; !stopping(ctx); i++) {
		/*
		 * Thread 0 picks the batch from the fastest warm-up pair. The
		 * first calls run on cold caches (and, under TCG, on code not
		 * translated yet), so it adds pairs to the warm-up asked, up
		 * to P2PBENCH_CAL_PAIRS in all, while P2PBENCH_CAL_NS have
		 * not passed: slow operations need no batch anyway.
		 */
		if (i >= warm && (!calibrate || i >= P2PBENCH_CAL_PAIRS ||
				  (i && ktime_get_ns() > cal_end)))
			break;
		if (do_batch(t, 1, i, false, &map_ns, &unmap_ns))
			goto out_release;
		min_op = min3(min_op, map_ns, unmap_ns);
		cond_resched();
	}

	if (!t->id) {
		batch = run->batch ? run->batch : auto_batch(ctx, min_op);
		/* No batch larger than the whole run: samples * batch adds up. */
		if (run->iterations)
			batch = min(batch, run->iterations);
		ctx->batch = batch;
		complete_all(&ctx->calibrated);
	} else {
		wait_for_completion(&ctx->calibrated);
	}
	batch = ctx->batch;
	if (!batch || stopping(ctx))
		goto out_release;

	t->t_start = ktime_get_ns();
	if (!run->iterations)
		deadline = t->t_start + (u64)run->duration_ms * NSEC_PER_MSEC;
	while (!stopping(ctx)) {
		/* The last sample of a counted run may be a short batch. */
		n = batch;
		if (run->iterations) {
			if (t->pairs >= run->iterations)
				break;
			n = min_t(u64, batch, run->iterations - t->pairs);
		}
		if (do_batch(t, n, i, true, &map_ns, &unmap_ns))
			break;
		p2pbench_hist_add(t->map_hist, map_ns, n);
		p2pbench_hist_add(t->unmap_hist, unmap_ns, n);
		t->pairs += n;
		i += n;
		if (deadline && ktime_get_ns() >= deadline)
			break;
		cond_resched();
	}
	t->t_end = ktime_get_ns();

out_release:
	if (m->release)
		m->release(t);
out:
	/* Never leave the other threads waiting for a batch size. */
	if (!t->id)
		complete_all(&ctx->calibrated);
	if (atomic_dec_and_test(&ctx->running))
		complete(&ctx->done);
	return 0;
}

/* Cost of reading the clock, or its resolution if that is coarser. */
static u64 clock_cost(void)
{
	u64 a, b, best = U64_MAX;
	unsigned int i, seen = 0;

	a = ktime_get_ns();
	for (i = 0; i < 100000 && seen < 32; i++) {
		b = ktime_get_ns();
		if (b != a) {
			best = min(best, b - a);
			seen++;
		}
		a = b;
	}
	return seen ? best : 1;
}

static void collect(struct p2pbench_ctx *ctx, struct p2pbench_hist *all)
{
	struct p2pbench_result *res = ctx->res;
	struct p2pbench_thread *t0 = &ctx->threads[0];
	u64 start = U64_MAX, end = 0;
	unsigned int i;

	for (i = 0; i < ctx->run->threads; i++) {
		struct p2pbench_thread *t = &ctx->threads[i];

		res->iterations += t->pairs;
		if (t->pairs) {
			start = min(start, t->t_start);
			end = max(end, t->t_end - t->t_untimed);
		}
		if (t->counted && (t->varied || !t0->counted ||
				   t->map_calls != t0->map_calls ||
				   t->unmap_calls != t0->unmap_calls))
			res->counts_varied = 1;
	}
	res->elapsed_ns = end > start ? end - start : 0;

	p2pbench_hist_reset(all);
	for (i = 0; i < ctx->run->threads; i++)
		p2pbench_hist_merge(all, ctx->threads[i].map_hist);
	p2pbench_hist_report(all, ctx->batch, &res->map);
	p2pbench_hist_reset(all);
	for (i = 0; i < ctx->run->threads; i++)
		p2pbench_hist_merge(all, ctx->threads[i].unmap_hist);
	p2pbench_hist_report(all, ctx->batch, &res->unmap);

	if (t0->counted) {
		res->iommu_map_calls = t0->map_calls;
		res->iommu_unmap_calls = t0->unmap_calls;
		res->iotlb_syncs = ctx->method->iotlb_syncs;
	}
	if (res->verdict == P2PBENCH_VERDICT_NONE && ctx->method->sgt &&
	    t0->counted)
		res->verdict = P2PBENCH_VERDICT_PASS;
}

static void free_threads(struct p2pbench_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < ctx->run->threads; i++) {
		kvfree(ctx->threads[i].map_hist);
		kvfree(ctx->threads[i].unmap_hist);
	}
	kvfree(ctx->threads);
	ctx->threads = NULL;
}

/**
 * p2pbench_run_point() - run one validated point
 * @ctx: the point; ranges built, importer DMA mask set
 *
 * Return: 0 when the point ran (its result says how it went), -EINTR if a
 * fatal signal stopped it, -ENODEV if a device of the pair was unbound
 * during it, -ENOMEM or a kthread_create() error otherwise
 */
int p2pbench_run_point(struct p2pbench_ctx *ctx)
{
	unsigned int i, n = ctx->run->threads, created = 0;
	struct p2pbench_hist *all = NULL;
	bool interrupted = false;
	struct task_struct *task;
	int ret = 0;

	ctx->threads = kvzalloc_objs(*ctx->threads, n);
	if (!ctx->threads)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct p2pbench_thread *t = &ctx->threads[i];

		t->ctx = ctx;
		t->id = i;
		t->map_hist = kvmalloc_obj(*t->map_hist);
		t->unmap_hist = kvmalloc_obj(*t->unmap_hist);
		if (!t->map_hist || !t->unmap_hist) {
			ret = -ENOMEM;
			goto out_free;
		}
		p2pbench_hist_reset(t->map_hist);
		p2pbench_hist_reset(t->unmap_hist);
	}
	all = kvmalloc_obj(*all);
	if (!all) {
		ret = -ENOMEM;
		goto out_free;
	}

	init_completion(&ctx->start);
	init_completion(&ctx->calibrated);
	init_completion(&ctx->done);
	spin_lock_init(&ctx->lock);
	ctx->clock_ns = clock_cost();
	ret = counting_start(ctx);
	if (ret)
		goto out_free;

	for (created = 0; created < n; created++) {
		task = kthread_create(thread_fn, &ctx->threads[created],
				      "p2pbench/%u", created);
		if (IS_ERR(task)) {
			ret = p2pbench_refuse(ctx->res, PTR_ERR(task),
					      "cannot create thread %u: %d",
					      created, (int)PTR_ERR(task));
			WRITE_ONCE(ctx->stop, true);
			break;
		}
		get_task_struct(task);
		WRITE_ONCE(ctx->threads[created].task, task);
		wake_up_process(task);
	}
	atomic_set(&ctx->running, created);
	complete_all(&ctx->start);

	if (created && wait_for_completion_killable(&ctx->done)) {
		WRITE_ONCE(ctx->stop, true);
		interrupted = true;
	}
	for (i = 0; i < created; i++)
		kthread_stop_put(ctx->threads[i].task);
	counting_stop(ctx);

	if (interrupted)
		ret = -EINTR;
	else if (atomic_read(ctx->abort))
		ret = p2pbench_refuse(ctx->res, -ENODEV,
				      "a device of the pair was unbound during the run");
	else if (!ret)
		collect(ctx, all);

out_free:
	kvfree(all);
	free_threads(ctx);
	return ret;
}
