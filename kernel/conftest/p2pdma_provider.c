// SPDX-License-Identifier: GPL-2.0-only
/* struct p2pdma_provider and the bus address helper that takes it. */
#include <linux/pci-p2pdma.h>

dma_addr_t p2pbench_conftest(struct pci_dev *pdev, phys_addr_t phys);

dma_addr_t p2pbench_conftest(struct pci_dev *pdev, phys_addr_t phys)
{
	struct p2pdma_provider *provider;

	if (pcim_p2pdma_init(pdev))
		return 0;
	provider = pcim_p2pdma_provider(pdev, 0);
	return pci_p2pdma_bus_addr_map(provider, phys);
}
