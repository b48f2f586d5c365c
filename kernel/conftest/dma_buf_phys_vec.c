// SPDX-License-Identifier: GPL-2.0-only
/* The dma-buf helpers for MMIO exporters (dma-buf-mapping.h). */
#include <linux/dma-buf-mapping.h>

struct sg_table *p2pbench_conftest(struct dma_buf_attachment *attach,
				   struct p2pdma_provider *provider,
				   struct phys_vec *vec);

struct sg_table *p2pbench_conftest(struct dma_buf_attachment *attach,
				   struct p2pdma_provider *provider,
				   struct phys_vec *vec)
{
	struct sg_table *sgt;

	sgt = dma_buf_phys_vec_to_sgt(attach, provider, vec, 1, vec->len,
				      DMA_TO_DEVICE);
	if (!IS_ERR(sgt))
		dma_buf_free_sgt(attach, sgt, DMA_TO_DEVICE);
	return sgt;
}
