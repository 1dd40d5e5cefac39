package io.dealsign.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Every request a simulator answered, in arrival order. Thread-safe. */
public final class RequestLog {

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    void add(RecordedRequest request) {
        requests.add(request);
    }

    public List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> matching(Predicate<RecordedRequest> filter) {
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

    public void clear() {
        requests.clear();
    }
}
