/**
 * BGP ingest benchmark (issue 5, item 6) and RIB measurements: {@link BenchUpdates} pre-encodes
 * the table, {@link BgpBenchSender} plays it to a receiver over one eBGP session,
 * {@link WeftBenchReceiver} is Weft's speaker as a receiver, {@link RibMemoryBench} measures heap
 * bytes per route, {@link BestPathBenchmark} is the JMH micro-benchmark of best-path selection.
 * Driven by {@code bench/bgp/bgp-bench}; see bench/README.md.
 */
package dev.weft.bench.bgp;
