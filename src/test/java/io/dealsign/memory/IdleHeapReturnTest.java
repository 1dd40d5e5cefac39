package io.dealsign.memory;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdleHeapReturnTest {

    /** A JVM's flags: G1 on its defaults, with the flags named in setByOperator given on the command line. */
    static final class FakeFlags implements IdleHeapReturn.VmFlags {
        final Map<String, String> values = new HashMap<>(Map.of("UseG1GC", "true", "MinHeapFreeRatio", "40",
                "MaxHeapFreeRatio", "70", "G1PeriodicGCInterval", "0"));
        final Set<String> byOperator = new HashSet<>();
        final List<String> setInOrder = new ArrayList<>();

        @Override
        public Optional<String> value(String flag) {
            return Optional.ofNullable(values.get(flag));
        }

        @Override
        public boolean setByOperator(String flag) {
            return byOperator.contains(flag);
        }

        @Override
        public void set(String flag, String value) {
            if (flag.equals("MaxHeapFreeRatio") && Integer.parseInt(value) < Integer.parseInt(values.get("MinHeapFreeRatio"))) {
                throw new IllegalArgumentException("MaxHeapFreeRatio below MinHeapFreeRatio, as the JVM refuses");
            }
            values.put(flag, value);
            setInOrder.add(flag + "=" + value);
        }
    }

    @Test
    void should_return_idle_heap_when_the_operator_sized_nothing() {
        FakeFlags flags = new FakeFlags();

        String logged = IdleHeapReturn.apply(Duration.ofMinutes(1), flags);

        assertThat(flags.setInOrder).containsExactly("MinHeapFreeRatio=10", "MaxHeapFreeRatio=30",
                "G1PeriodicGCInterval=60000");
        assertThat(logged).contains("after 60 s", "sync.memory.idle-heap-return = 0");
    }

    @Test
    void should_leave_the_heap_to_an_operator_who_gave_a_heap_flag() {
        for (String flag : List.of("MaxHeapSize", "MaxRAMPercentage", "MaxHeapFreeRatio", "G1PeriodicGCInterval")) {
            FakeFlags flags = new FakeFlags();
            flags.byOperator.add(flag);

            String logged = IdleHeapReturn.apply(Duration.ofMinutes(1), flags);

            assertThat(flags.setInOrder).as(flag).isEmpty();
            assertThat(logged).contains("left to the JVM flags given (" + flag + ")");
        }
    }

    @Test
    void should_do_nothing_when_turned_off_or_on_another_collector() {
        FakeFlags off = new FakeFlags();
        IdleHeapReturn.apply(Duration.ZERO, off);
        FakeFlags parallel = new FakeFlags();
        parallel.values.put("UseG1GC", "false");
        IdleHeapReturn.apply(Duration.ofMinutes(1), parallel);

        assertThat(off.setInOrder).isEmpty();
        assertThat(parallel.setInOrder).isEmpty();
    }

    @Test
    void should_read_this_jvms_collector_through_hotspot() {
        assertThat(IdleHeapReturn.hotSpot().value("UseG1GC")).isPresent();
        assertThat(IdleHeapReturn.hotSpot().value("NoSuchFlag")).isEmpty();
    }

    @Test
    void should_read_the_setting_in_milliseconds_iso_or_short_form() {
        assertThat(MemoryConfiguration.duration("60000")).isEqualTo(Duration.ofMinutes(1));
        assertThat(MemoryConfiguration.duration("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(MemoryConfiguration.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(MemoryConfiguration.duration("0")).isZero();
        assertThatThrownBy(() -> MemoryConfiguration.duration("soon")).hasMessageContaining("sync.memory.idle-heap-return");
    }
}
