// SPDX-License-Identifier: GPL-2.0-only
/* dma_map_phys() with DMA_ATTR_MMIO (7.0+). */
#include <linux/dma-mapping.h>

dma_addr_t p2pbench_conftest(struct device *dev);

dma_addr_t p2pbench_conftest(struct device *dev)
{
	return dma_map_phys(dev, 0, PAGE_SIZE, DMA_TO_DEVICE, DMA_ATTR_MMIO);
}
