// SPDX-License-Identifier: GPL-2.0-only
/* dma_buf_attach_ops.invalidate_mappings (7.1+; move_notify before). */
#include <linux/dma-buf.h>

void p2pbench_conftest(struct dma_buf_attach_ops *ops,
		       void (*fn)(struct dma_buf_attachment *attach));

void p2pbench_conftest(struct dma_buf_attach_ops *ops,
		       void (*fn)(struct dma_buf_attachment *attach))
{
	ops->invalidate_mappings = fn;
	ops->allow_peer2peer = dma_buf_attach_revocable(NULL);
}
