package io.dealsign.memory;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Gives the heap that a burst of webhooks grew back to the operating system once the service is quiet.
 *
 * <p>Why: on the JVM's default flags G1 may grow the heap to a quarter of the machine's memory. It grows it
 * whenever collections take more than about 1% of the time (the threshold it uses while the heap is under half
 * its maximum), which a burst of webhooks on a small machine easily causes, and it only shrinks the heap after a
 * concurrent or full collection, which a service with a small live set seldom needs. So the memory of one burst
 * stayed resident for good: 236 MiB before a 30 s burst, 900 MiB and more after it.
 *
 * <p>What: when the service has gone {@code sync.memory.idle-heap-return} without any collection, G1 runs a
 * concurrent cycle ({@code G1PeriodicGCInterval}; G1 looks once per interval, so it starts one to two intervals
 * after the last collection), after which it shrinks the heap to at most 1/0.7 of what is
 * in use ({@code MaxHeapFreeRatio=30}, {@code MinHeapFreeRatio=10}) and returns the rest. These are manageable
 * options, set at start-up through the JVM's management interface. Only when the operator sized nothing: any
 * heap flag (-Xmx, -Xms, -XX:MaxRAMPercentage, ...) or any of these three, on the command line or in
 * JAVA_TOOL_OPTIONS, leaves the heap to the flags. Nothing happens under load (a cycle starts only after a quiet
 * interval), and nothing with another collector.
 */
final class IdleHeapReturn {

    static final String SETTING = "sync.memory.idle-heap-return";
    static final String PERIODIC_GC_INTERVAL = "G1PeriodicGCInterval";
    static final String MAX_HEAP_FREE_RATIO = "MaxHeapFreeRatio";
    static final String MIN_HEAP_FREE_RATIO = "MinHeapFreeRatio";
    static final String MAX_FREE_PERCENT = "30";
    static final String MIN_FREE_PERCENT = "10";

    /** Flags by which an operator sizes the heap; any one of them set means the heap is theirs. */
    static final List<String> OPERATOR_HEAP_FLAGS = List.of("MaxHeapSize", "InitialHeapSize", "MinHeapSize",
            "MaxRAM", "MaxRAMPercentage", "MinRAMPercentage", "InitialRAMPercentage", "MaxRAMFraction",
            "MinRAMFraction", "InitialRAMFraction", "G1PeriodicGCSystemLoadThreshold", PERIODIC_GC_INTERVAL,
            MAX_HEAP_FREE_RATIO, MIN_HEAP_FREE_RATIO);

    /** The JVM's options, as far as this class needs them. */
    interface VmFlags {
        Optional<String> value(String flag);

        /** Set on the command line, in JAVA_TOOL_OPTIONS or in a flags file. */
        boolean setByOperator(String flag);

        void set(String flag, String value);
    }

    private IdleHeapReturn() {
    }

    /** What {@link #apply} did, as a sentence for the start-up log. */
    static String apply(Duration quietInterval, VmFlags flags) {
        if (quietInterval.isZero() || quietInterval.isNegative()) {
            return "Heap: kept at its peak after a burst (" + SETTING + " = 0)";
        }
        if (!flags.value("UseG1GC").map(Boolean::parseBoolean).orElse(false)) {
            return "Heap: left to the JVM (" + SETTING + " applies to G1, the default collector, only)";
        }
        List<String> operatorFlags = OPERATOR_HEAP_FLAGS.stream().filter(flags::setByOperator).toList();
        if (!operatorFlags.isEmpty()) {
            return "Heap: left to the JVM flags given (" + String.join(", ", operatorFlags) + "); " + SETTING
                    + " applies only without heap flags";
        }
        long millis = Math.max(1, quietInterval.toMillis());
        // Lowered in this order: MaxHeapFreeRatio may never be below MinHeapFreeRatio.
        flags.set(MIN_HEAP_FREE_RATIO, MIN_FREE_PERCENT);
        flags.set(MAX_HEAP_FREE_RATIO, MAX_FREE_PERCENT);
        flags.set(PERIODIC_GC_INTERVAL, Long.toString(millis));
        return "Heap: returned to the OS after " + quietInterval.toSeconds() + " s without a collection ("
                + PERIODIC_GC_INTERVAL + "=" + millis + ", " + MAX_HEAP_FREE_RATIO + "=" + MAX_FREE_PERCENT + ", "
                + MIN_HEAP_FREE_RATIO + "=" + MIN_FREE_PERCENT + "); " + SETTING + " = 0 or any heap flag turns this off";
    }

    /** This JVM's flags, through HotSpot's diagnostic MXBean. */
    static VmFlags hotSpot() {
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return new VmFlags() {
            @Override
            public Optional<String> value(String flag) {
                return option(flag).map(VMOption::getValue);
            }

            @Override
            public boolean setByOperator(String flag) {
                // MANAGEMENT: set at run time, which before start-up only an earlier start in this JVM does (tests).
                return option(flag).map(option -> switch (option.getOrigin()) {
                    case DEFAULT, ERGONOMIC, MANAGEMENT -> false;
                    default -> true;
                }).orElse(false);
            }

            @Override
            public void set(String flag, String value) {
                bean.setVMOption(flag, value);
            }

            private Optional<VMOption> option(String flag) {
                try {
                    return Optional.of(bean.getVMOption(flag));
                } catch (IllegalArgumentException notInThisJvm) {
                    return Optional.empty();
                }
            }
        };
    }
}
