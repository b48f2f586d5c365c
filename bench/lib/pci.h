/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Facts about PCI functions named by BDF strings, for the I/O drivers'
 * metadata and setup: the canonical name, ids and driver, the P2P path
 * between two functions, the IOMMU group's mode. Binding is bind.h's.
 */
#ifndef P2PBENCH_PCI_H
#define P2PBENCH_PCI_H
#include <stddef.h>
#include <jansson.h>

/* Canonical "0000:07:00.0" of a BDF the user typed; -1 if none such. */
int pci_canon(const char *s, char *bdf, size_t len, char *err, size_t errlen);
/* Facts about a PCI function for the metadata: ids, driver, IOMMU group
 * and type, and its p2pmem pool (size, available, published). */
json_t *pci_meta(const char *bdf);
/* "switch" (a bridge below the root port in common), "hostbridge", or
 * "self" (the same function): the P2P path between two functions. */
const char *pci_path_kind(const char *a, const char *b);
/* Current default-domain type of BDF's IOMMU group, "off" without one. */
void pci_iommu_mode(const char *bdf, char *buf, size_t len);
/* Switch BDF's group to MODE (identity, DMA, DMA-FQ) unless it is there. */
int pci_set_iommu_mode(const char *bdf, const char *mode, char *err, size_t errlen);

#endif
