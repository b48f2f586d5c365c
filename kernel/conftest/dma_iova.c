// SPDX-License-Identifier: GPL-2.0-only
/* The IOVA-based DMA API: dma_iova_try_alloc(), _link(), _sync(), _destroy(). */
#include <linux/dma-mapping.h>

int p2pbench_conftest(struct device *dev, struct dma_iova_state *state);

int p2pbench_conftest(struct device *dev, struct dma_iova_state *state)
{
	int ret;

	if (!dma_iova_try_alloc(dev, state, 0, PAGE_SIZE))
		return -ENOMEM;
	ret = dma_iova_link(dev, state, 0, 0, PAGE_SIZE, DMA_TO_DEVICE,
			    DMA_ATTR_MMIO);
	if (!ret)
		ret = dma_iova_sync(dev, state, 0, PAGE_SIZE);
	dma_iova_destroy(dev, state, PAGE_SIZE, DMA_TO_DEVICE, DMA_ATTR_MMIO);
	return ret;
}
