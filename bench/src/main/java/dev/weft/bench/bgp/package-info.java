/**
 * BGP ingest benchmark (issue 5, item 6) and RIB measurements: {@link BenchUpdates} pre-encodes
 * the table, {@link BgpBenchSender} plays it to a receiver over one eBGP session,
 * {@link WeftBenchReceiver} is Weft's speaker as a receiver (with {@code --fib} also the agent's
 * kernel route sync), {@link FibWatch} times a receiver's kernel FIB filling up
 * ({@link FibTrieStat}: the kernel's route count from {@code /proc/PID/net/fib_triestat}) and
 * checks the final table ({@link FibCheck}), {@link RibMemoryBench} measures heap bytes per route,
 * {@link BestPathBenchmark} is the JMH micro-benchmark of best-path selection. Driven by
 * {@code bench/bgp/bgp-bench} (which also times the real {@code weft-agent} from start to its first
 * UPDATE); see bench/README.md.
 */
package dev.weft.bench.bgp;
