package io.dealsign.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The requests a simulator answered, in arrival order, the newest {@value #CAPACITY} kept so that long
 * benchmark runs stay flat in memory and time. Thread-safe. An entry is added once the answer is sent.
 */
public final class RequestLog {

    static final int CAPACITY = 100_000;
    private final Deque<RecordedRequest> requests = new ArrayDeque<>();

    synchronized void add(RecordedRequest request) {
        if (requests.size() == CAPACITY) {
            requests.removeFirst();
        }
        requests.addLast(request);
    }

    public synchronized List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    public synchronized List<RecordedRequest> matching(Predicate<RecordedRequest> filter) {
        List<RecordedRequest> result = new ArrayList<>();
        for (RecordedRequest r : requests) {
            if (filter.test(r)) {
                result.add(r);
            }
        }
        return result;
    }

    /** Requests with this method whose path equals {@code path}. */
    public List<RecordedRequest> calls(String method, String path) {
        return matching(r -> r.method().equalsIgnoreCase(method) && r.path().equals(path));
    }

    public long count(String method, String path) {
        return calls(method, path).size();
    }

    public synchronized void clear() {
        requests.clear();
    }
}
