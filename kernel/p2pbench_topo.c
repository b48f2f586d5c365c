// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the kernel will do for the pair: P2P map type, and the importer's
 * IOMMU domain and group.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/iommu.h>
#include <linux/pci.h>

#include "p2pbench.h"

/* The ACS bits pci_bridge_has_acs_redir() looks at in drivers/pci/p2pdma.c. */
static bool acs_redirects(struct pci_dev *pdev)
{
	u16 ctrl;

	if (!pdev->acs_cap)
		return false;
	if (pci_read_config_word(pdev, pdev->acs_cap + PCI_ACS_CTRL, &ctrl))
		return false;
	return ctrl & (PCI_ACS_RR | PCI_ACS_CR | PCI_ACS_EC);
}

/**
 * p2pbench_map_type() - the P2P map type the kernel uses for the pair
 * @exporter: device providing the MMIO
 * @importer: device mapping it
 * @distance: pci_p2pdma_distance() of the pair
 *
 * pci_p2pdma_map_type() is not exported, so this mirrors the rule of
 * calc_map_type_and_dist() in drivers/pci/p2pdma.c:
 *
 * - a negative distance means the kernel refuses P2P: NOT_SUPPORTED;
 * - walking up from the exporter (the exporter itself first), the first
 *   device that is also the importer or one of the importer's upstream
 *   bridges is their common upstream device. If there is one and no device
 *   on either path has ACS P2P redirection enabled (RR, CR or EC; on the
 *   exporter's side the common device counts, on the importer's side it
 *   does not), TLPs turn around below the host bridge: BUS_ADDR;
 * - otherwise the traffic crosses the host bridge, which the distance says
 *   is allowed: THRU_HOST_BRIDGE.
 *
 * In practice the common device is a switch port (or the device itself, or
 * a port above several functions of one device); two endpoints under
 * different root ports meet only at the host bridge, which is not a PCI
 * device, and map THRU_HOST_BRIDGE.
 *
 * Return: &enum p2pbench_map_type
 */
u32 p2pbench_map_type(struct pci_dev *exporter, struct pci_dev *importer,
		      int distance)
{
	struct pci_dev *a, *b, *common = NULL;
	bool redirect = false;

	if (distance < 0)
		return P2PBENCH_MAP_NOT_SUPPORTED;

	for (a = exporter; a && !common; a = pci_upstream_bridge(a)) {
		if (acs_redirects(a))
			redirect = true;
		for (b = importer; b; b = pci_upstream_bridge(b)) {
			if (a == b) {
				common = a;
				break;
			}
		}
	}
	if (!common)
		return P2PBENCH_MAP_THRU_HOST_BRIDGE;

	for (b = importer; b != common; b = pci_upstream_bridge(b))
		if (acs_redirects(b))
			redirect = true;

	return redirect ? P2PBENCH_MAP_THRU_HOST_BRIDGE : P2PBENCH_MAP_BUS_ADDR;
}

/**
 * p2pbench_domain() - the IOMMU domain the importer's DMA API uses
 * @dev: a device bound to this driver
 *
 * Return: the domain, or NULL when the device has no IOMMU group
 */
struct iommu_domain *p2pbench_domain(struct device *dev)
{
	return iommu_get_domain_for_dev(dev);
}

/**
 * p2pbench_domain_translates() - is DMA through @domain translated?
 * @domain: result of p2pbench_domain()
 *
 * Return: true for DMA and DMA-FQ domains, where the DMA API allocates
 * IOVAs and dma_iova_try_alloc() can succeed
 */
bool p2pbench_domain_translates(struct iommu_domain *domain)
{
	return domain && iommu_is_dma_domain(domain);
}

/**
 * p2pbench_domain_name() - the domain type as sysfs' iommu_groups/N/type
 * @domain: result of p2pbench_domain()
 *
 * Return: "identity", "DMA", "DMA-FQ", "blocked", "unmanaged", "none"
 *	without a domain, or "other"
 */
const char *p2pbench_domain_name(struct iommu_domain *domain)
{
	if (!domain)
		return "none";

	switch (domain->type) {
	case IOMMU_DOMAIN_IDENTITY:
		return "identity";
	case IOMMU_DOMAIN_DMA:
		return "DMA";
	case IOMMU_DOMAIN_DMA_FQ:
		return "DMA-FQ";
	case IOMMU_DOMAIN_BLOCKED:
		return "blocked";
	case IOMMU_DOMAIN_UNMANAGED:
		return "unmanaged";
	default:
		return "other";
	}
}

/**
 * p2pbench_group_id() - IOMMU group number of a device
 * @dev: the device
 *
 * Return: the group id, or -1 when the device has no group
 */
int p2pbench_group_id(struct device *dev)
{
	struct iommu_group *group = iommu_group_get(dev);
	int id;

	if (!group)
		return -1;
	id = iommu_group_id(group);
	iommu_group_put(group);
	return id;
}
