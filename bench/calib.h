/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A calibration: a fixed CPU workload that no DMA or IOMMU patch can
 * change, timed like a point. A sweep measures it when a context starts
 * and when it ends; compare --normalize divides every latency by its
 * boot's calibration, which takes out how fast the host ran that boot (the
 * wall-clock lab under TCG runs at the host's speed), and a calibration
 * that moved during a boot marks that boot's timings as suspect.
 */
#ifndef P2PBENCH_CALIB_H
#define P2PBENCH_CALIB_H

/* Median of CALIB_ROUNDS timings of the workload, ns; 0 if no clock. */
double calib_measure_ns(void);

#define CALIB_ROUNDS 7
/* Start and end of one boot's calibration further apart than this
 * (relative) make compare flag the boot. */
#define CALIB_MOVED 0.10

#endif
